# @summary The `local-egd:` block of an agent's config: listen, options and, for a unix socket, its group and mode.
#
# TCP endpoints get no socket keys (the agents refuse them there).
#
# @param listen
#   The endpoint (`unix:/path` or a loopback `HOST:PORT`), or undef when the endpoint is off.
# @param options
#   Further keys (limits), or undef.
# @return [Optional[Hash]] the block, or undef when `listen` is undef.
#
# @example
#   entropy::local_egd_block('unix:/run/entropy-fleet/egd.sock', { 'max-clients' => 64 })
#   # => { 'listen' => 'unix:/run/entropy-fleet/egd.sock', 'max-clients' => 64,
#   #      'socket-group' => 'entropy-egd', 'socket-mode' => '0660' }
function entropy::local_egd_block(Optional[String] $listen, Optional[Hash] $options) >> Optional[Hash] {
  if $listen =~ Undef {
    undef
  } elsif $listen =~ /\Aunix:/ {
    { 'listen' => $listen } + pick($options, {}) + {
      'socket-group' => $entropy::local_egd_group,
      'socket-mode'  => $entropy::local_egd_socket_mode,
    }
  } else {
    { 'listen' => $listen } + pick($options, {})
  }
}
