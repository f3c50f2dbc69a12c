# @summary A duration as the agents parse it: digits with an optional unit.
#
# `0` means "never/disabled" where the agent documents it; no unit means seconds.
#
# @example
#   '500ms', '30s', '10m', '1h', '7d', '0'
type Entropy::Duration = Pattern[/\A\d+(ms|s|m|h|d)?\z/]
