/**
 * Who may use a plaintext EGD endpoint on this machine, shared by both agents' {@code local-egd:}.
 *
 * <pre>{@code
 * LocalAccess access = LocalAccess.of(listen, 64, null, "entropy-egd", "0660");     // in the config record
 * LocalConnectionLimit limit = new LocalConnectionLimit(access,
 *         listen.isUnix() ? null : TcpSocketOwners.system(), listen.toString(),
 *         "local.clients", "local.refused-connections", metrics);
 * pipeline.addLast("limit", limit);                                         // first handler of each child
 * UnixSocketFile.restrict(listen.unixPath(), access);                       // right after bind
 * }</pre>
 * A Unix socket is guarded by its mode and group; TCP on loopback, which any local user can reach,
 * by a per-uid cap below the endpoint's total, so one user cannot hold every slot. Socket-table reads
 * run on the limit's own thread, never on an event loop.
 */
package org.entropyfleet.link.local;
