import com.codahale.metrics.MetricRegistry;
import java.util.Random;
import org.entropyfleet.host.health.AdaptiveProportionTest;
import org.entropyfleet.host.health.Fips140BatchTest;
import org.entropyfleet.host.health.RepetitionCountTest;
import org.entropyfleet.host.health.SourceHealth;
import org.entropyfleet.host.pool.Conditioner;

/**
 * What the source thread costs per raw byte, on one core: the health tests (RCT, APT, FIPS 140-2 batch)
 * and SHA-512 conditioning at min-entropy 8 over 1 MiB of random input, each alone and together, in
 * MB/s. Run by bench/sourcepath.sh against a build's host-agent.jar (a single-file program).
 */
public class SourcePath {
    static long sink;

    public static void main(String[] args) {
        byte[] buf = new byte[1 << 20];
        new Random(1).nextBytes(buf);
        MetricRegistry m = new MetricRegistry();
        Conditioner c = new Conditioner("bench", 8, b -> sink += b[0], m);
        SourceHealth h = new SourceHealth("bench", 8, m);
        RepetitionCountTest rct = new RepetitionCountTest(8);
        AdaptiveProportionTest apt = new AdaptiveProportionTest(8);
        Fips140BatchTest f = new Fips140BatchTest();
        byte[] blk = new byte[Fips140BatchTest.BLOCK_BYTES];
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d MB/s: health+conditioning %.0f  health %.0f  conditioning %.0f  rct %.0f  apt %.0f  fips %.0f%n",
                    round,
                    mbs(() -> h.accept(buf, 0, buf.length, b -> c.accept(b, 0, b.length))),
                    mbs(() -> h.accept(buf, 0, buf.length, b -> { })),
                    mbs(() -> c.accept(buf, 0, buf.length)),
                    mbs(() -> sink += rct.sampleAll(buf, 0, buf.length)),
                    mbs(() -> sink += apt.sampleAll(buf, 0, buf.length)),
                    mbs(() -> {
                        for (int i = 0; i + blk.length <= buf.length; i += blk.length) {
                            System.arraycopy(buf, i, blk, 0, blk.length);
                            sink += f.test(blk).size();
                        }
                    }));
        }
    }

    static double mbs(Runnable work) {
        long t0 = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - t0 < 500_000_000L) {
            work.run();
            n++;
        }
        return n * (1 << 20) / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }
}
