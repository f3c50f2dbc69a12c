# frozen_string_literal: true

require_relative '../../../puppet_x/entropy/rendezvous'

# @summary Orders candidates for one client by weighted rendezvous (highest-random-weight) hashing.
#
# Every client ranks every candidate by `-weight / ln(u)`, where `u` in (0, 1) comes from SHA-256
# of the client's key and the candidate's id. Each client gets its own stable order, a candidate
# is first for a share of clients proportional to its weight, and removing a candidate moves only
# the clients that ranked it first instead of reshuffling all.
Puppet::Functions.create_function(:'entropy::rendezvous_order') do
  # @param key
  #   The client's identity, e.g. its certname.
  # @param weights
  #   Candidate id => weight (a positive integer).
  # @return [Array[String]]
  #   The candidate ids, most preferred first; ties (practically impossible) by id.
  # @example
  #   entropy::rendezvous_order($trusted['certname'], { 'rng1' => 100, 'rng2' => 200 })
  dispatch :order do
    param 'String[1]', :key
    param 'Hash[String[1], Integer[1]]', :weights
    return_type 'Array[String[1]]'
  end

  def order(key, weights)
    PuppetX::Entropy::Rendezvous.order(key, weights)
  end
end
