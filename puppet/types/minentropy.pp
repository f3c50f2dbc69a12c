# @summary Assessed min-entropy of a source, in bits per byte (0 < H <= 8).
type Entropy::MinEntropy = Variant[Integer[1, 8], Float[0.001, 8.0]]
