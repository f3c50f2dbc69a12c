# @summary TLS protocol versions the agents accept.
type Entropy::TlsProtocol = Enum['TLSv1.3', 'TLSv1.2']
