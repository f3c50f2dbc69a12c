# @summary Where an agent's certificate, key and CA bundle come from.
#
# * `puppet` — reuse the node's Puppet agent certificate, key, CA and CRL from the ssldir.
# * `files`  — PEM contents given as parameters (typically Hiera, key as Sensitive).
# * `suite`  — issued on this node by the suite's own CA (`certs issue ...`), renewed by Puppet.
type Entropy::PkiMode = Enum['puppet', 'files', 'suite']
