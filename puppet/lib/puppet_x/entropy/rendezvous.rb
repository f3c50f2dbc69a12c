# frozen_string_literal: true

require 'digest'

module PuppetX
  module Entropy
    # Weighted rendezvous (highest-random-weight) hashing: the order behind `entropy::rendezvous_order`,
    # plain Ruby so the specs can compute expected orders with it.
    module Rendezvous
      # Candidate ids of `weights` (id => positive weight), most preferred by `key` first.
      def self.order(key, weights)
        weights.map { |id, weight| [score(key, id, weight), id] }
               .sort { |a, b| a[0] == b[0] ? a[1] <=> b[1] : b[0] <=> a[0] }
               .map(&:last)
      end

      # -weight / ln(u), u from 53 bits of SHA-256(key NUL id), offset by half a step so that u is
      # never 0 or 1. The candidate with the highest score is first for a share of keys
      # proportional to its weight.
      def self.score(key, id, weight)
        bits = Digest::SHA256.digest("#{key}\0#{id}").unpack1('Q>') >> 11
        u = (bits + 0.5) / (2**53)
        -weight / Math.log(u)
      end
    end
  end
end
