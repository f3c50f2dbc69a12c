# frozen_string_literal: true

# @summary The `entropy::host_endpoint` resources collected into this catalogue so far, as data.
#
# @api private
#
# Puppet's collectors realise exported resources but hand their parameters to nobody; this reads
# them back. It only sees what was collected before it runs, so `entropy::client` calls it from
# `entropy::client_config`, a defined type the compiler evaluates after the collections.
Puppet::Functions.create_function(:'entropy::collected_endpoints', Puppet::Functions::InternalFunction) do
  # @return [Array[Hash]]
  #   One hash per realised endpoint, sorted by id: `id` (its title), `address`, `port`,
  #   `cert_name`, `weight` and, when set, `zone`.
  dispatch :collected do
    scope_param
    return_type 'Array[Hash[String[1], Data]]'
  end

  def collected(scope)
    scope.catalog.resources
         .select { |r| r.type == 'Entropy::Host_endpoint' && !r.virtual? }
         .map { |r| endpoint(r) }
         .sort_by { |e| e['id'] }
  end

  def endpoint(resource)
    e = {
      'id' => resource.title,
      'address' => resource[:address],
      'port' => Integer(resource[:port]),
      'cert_name' => resource[:cert_name],
      # the default of entropy::host_endpoint's weight: an exported resource that never set it carries none
      'weight' => resource[:weight].nil? ? 100 : Integer(resource[:weight]),
    }
    e['zone'] = resource[:zone] unless resource[:zone].nil?
    e
  end
end
