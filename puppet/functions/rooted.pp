# @summary Prefixes an absolute path with the module's `root_dir`.
#
# Lets a test apply the whole module into a temporary directory: files are written under
# `root_dir`, while their contents (configs, units) keep naming the paths the node will use.
#
# @param root
#   The root directory (`/` on a real node).
# @param path
#   An absolute path on the node.
# @return [Stdlib::Unixpath] `path` below `root`.
#
# @example
#   entropy::rooted('/tmp/root', '/etc/entropy-fleet') # => '/tmp/root/etc/entropy-fleet'
function entropy::rooted(Stdlib::Unixpath $root, Stdlib::Unixpath $path) >> Stdlib::Unixpath {
  $trimmed = regsubst($root, '/+\z', '')
  $trimmed ? {
    ''      => $path,
    default => "${trimmed}${path}",
  }
}
