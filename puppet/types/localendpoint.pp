# @summary An endpoint that stays on this machine: loopback address, `localhost`, or a unix socket.
#
# Plaintext EGD and the metrics endpoint must never listen beyond loopback; the agents refuse
# anything else, and so does this type.
#
# @example
#   '127.0.0.1:7777', '[::1]:7777', 'localhost:9777', 'unix:/run/entropy-fleet/egd.sock'
type Entropy::LocalEndpoint = Variant[
  Pattern[/\A(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]):([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])\z/],
  Pattern[/\Aunix:\/[^\s\0]+\z/],
]
