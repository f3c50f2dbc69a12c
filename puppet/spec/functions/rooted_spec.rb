# frozen_string_literal: true

require 'spec_helper'

describe 'entropy::rooted' do
  it { is_expected.to run.with_params('/', '/etc/entropy-fleet').and_return('/etc/entropy-fleet') }
  it { is_expected.to run.with_params('/tmp/root', '/etc/entropy-fleet').and_return('/tmp/root/etc/entropy-fleet') }
  it { is_expected.to run.with_params('/tmp/root//', '/etc/x').and_return('/tmp/root/etc/x') }
  it { is_expected.to run.with_params('tmp', '/etc/x').and_raise_error(%r{parameter 'root' expects a match for Stdlib::Unixpath}) }
  it { is_expected.to run.with_params('/tmp', 'etc/x').and_raise_error(%r{parameter 'path' expects a match for Stdlib::Unixpath}) }
end

describe 'entropy::socket_dirs' do
  it { is_expected.to run.with_params(['unix:/srv/egd/egd.sock', '127.0.0.1:7777', nil]).and_return(['/srv/egd']) }
  it { is_expected.to run.with_params(['unix:/run/entropy-fleet/egd.sock', 'unix:/run/entropy-fleet/x/m.sock']).and_return([]) }
  it { is_expected.to run.with_params(['unix:/a/b.sock', 'unix:/a/c.sock', 'unix:/d/e.sock']).and_return(['/a', '/d']) }
  it { is_expected.to run.with_params([]).and_return([]) }
end
