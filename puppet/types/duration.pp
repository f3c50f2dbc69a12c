# @summary A duration as the agents parse it: `0`, or numbers with units, compounds allowed.
#
# Units: `ms`, `s`, `m`, `h`, `d`. A bare number other than `0` is refused, as the agents refuse
# it (`30` could mean seconds or milliseconds). systemd accepts the same forms.
#
# @example
#   '0', '500ms', '30s', '10m', '1h', '7d', '1m30s'
type Entropy::Duration = Pattern[/\A(0|(\d{1,9}(ms|s|m|h|d))+)\z/]
