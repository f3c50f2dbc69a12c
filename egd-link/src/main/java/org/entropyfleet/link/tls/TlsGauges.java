package org.entropyfleet.link.tls;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.security.cert.X509CRL;
import java.util.Date;
import java.util.function.Supplier;

/**
 * Dates of the TLS material in use, as epoch seconds, so {@code status} and alerting can say "the
 * certificate expires in 12 days" and "the CRL is 6 days old": {@value #CERT_NOT_AFTER} (our own leaf
 * certificate), {@value #CRL_THIS_UPDATE} (the oldest thisUpdate among the CRLs in use: the stalest
 * one matters) and {@value #CRL_NEXT_UPDATE} (the earliest nextUpdate). The CRL gauges read 0 when no
 * CRL is in use. Read from the current material at every scrape, so a reload shows at once.
 */
public final class TlsGauges {
    public static final String CERT_NOT_AFTER = "tls.cert.not-after-seconds";
    public static final String CRL_THIS_UPDATE = "tls.crl.this-update-seconds";
    public static final String CRL_NEXT_UPDATE = "tls.crl.next-update-seconds";

    private TlsGauges() {
    }

    static void register(MetricRegistry registry, Supplier<TlsMaterial> current) {
        replace(registry, CERT_NOT_AFTER, () -> seconds(current.get().chain().get(0).getNotAfter()));
        replace(registry, CRL_THIS_UPDATE, () -> {
            long oldest = 0;
            for (X509CRL crl : current.get().crls()) {
                long s = seconds(crl.getThisUpdate());
                oldest = oldest == 0 ? s : Math.min(oldest, s);
            }
            return oldest;
        });
        replace(registry, CRL_NEXT_UPDATE, () -> {
            long earliest = 0;
            for (X509CRL crl : current.get().crls()) {
                if (crl.getNextUpdate() != null) {
                    long s = seconds(crl.getNextUpdate());
                    earliest = earliest == 0 ? s : Math.min(earliest, s);
                }
            }
            return earliest;
        });
    }

    private static void replace(MetricRegistry registry, String name, Gauge<Long> gauge) {
        registry.remove(name);
        registry.register(name, gauge);
    }

    private static long seconds(Date d) {
        return d.getTime() / 1000;
    }
}
