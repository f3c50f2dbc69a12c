package org.entropyfleet.certs.issue;

import org.entropyfleet.certs.ca.CaStore;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.cli.CaDirOptions;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.PkiLayout;

import java.io.PrintWriter;

/** The body of {@code issue host} and {@code issue client}: lock, load, issue-or-keep, report. */
final class IssueRunner {
    private IssueRunner() {
    }

    static int run(CaDirOptions options, LeafSpec spec, IssueService.Policy policy) {
        PrintWriter out = options.out();
        PkiLayout layout = options.layout();
        CaStore store = CaStore.open(layout);
        try (DirLock lock = store.lock()) {
            CertificateAuthority ca = store.current(true, options.passphrase());
            CertIndex index = CertIndex.load(layout.index());
            IssueService.Outcome o = new IssueService(layout, ca, index).issue(spec, policy);
            String name = spec.name();
            switch (o.action()) {
                case UNCHANGED -> out.printf("unchanged %s '%s' serial %s: %s%n", o.entry().kind(), name,
                        o.entry().serialHex(), o.reason());
                case ISSUED, REISSUED -> {
                    out.printf("%s %s '%s' serial %s, valid until %s (%s)%n",
                            o.action() == IssueService.Action.ISSUED ? "issued" : "re-issued",
                            o.entry().kind(), name, o.entry().serialHex(), o.entry().notAfter(), o.reason());
                    out.printf("  %s%n  %s (0600)%n  %s%n", layout.leafCert(name), layout.leafKey(name), layout.leafChain(name));
                }
            }
            out.flush();
            return 0;
        }
    }
}
