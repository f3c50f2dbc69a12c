# frozen_string_literal: true

require 'spec_helper'

describe 'entropy::rooted' do
  it { is_expected.to run.with_params('/', '/etc/entropy-fleet').and_return('/etc/entropy-fleet') }
  it { is_expected.to run.with_params('/tmp/root', '/etc/entropy-fleet').and_return('/tmp/root/etc/entropy-fleet') }
  it { is_expected.to run.with_params('/tmp/root//', '/etc/x').and_return('/tmp/root/etc/x') }
  it { is_expected.to run.with_params('tmp', '/etc/x').and_raise_error(%r{parameter 'root' expects a match for Stdlib::Unixpath}) }
  it { is_expected.to run.with_params('/tmp', 'etc/x').and_raise_error(%r{parameter 'path' expects a match for Stdlib::Unixpath}) }
end
