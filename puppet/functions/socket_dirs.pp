# @summary Directories a sandboxed agent must be able to write to create its unix sockets.
#
# Sockets below `/run/entropy-fleet` need nothing: that is the units' RuntimeDirectory.
#
# @param endpoints
#   Listen endpoints (undef entries are skipped); only `unix:/path` ones count.
# @return [Array[Stdlib::Unixpath]] the distinct parent directories, in order.
#
# @example
#   entropy::socket_dirs(['unix:/srv/egd/egd.sock', '127.0.0.1:7777', undef]) # => ['/srv/egd']
function entropy::socket_dirs(Array[Optional[String]] $endpoints) >> Array[Stdlib::Unixpath] {
  $endpoints.filter |$e| { $e =~ String and $e =~ /\Aunix:\// }
  .map |$e| { regsubst(regsubst($e, '\Aunix:', ''), '/[^/]+\z', '') }
  .filter |$d| { $d != '' and $d != '/run/entropy-fleet' and $d !~ /\A\/run\/entropy-fleet\// }
  .unique
}
