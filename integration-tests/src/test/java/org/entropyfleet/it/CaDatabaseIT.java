package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.Fleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged CA database with the certs jar as the operator runs it: a truncated ca/index.tsv or a rewound
 * ca/serial makes 'issue' refuse (exit 2) instead of handing out a serial twice, 'check' finds it (exit 4),
 * 'repair' rebuilds it, and the next 'issue' gets a serial nothing has used.
 */
class CaDatabaseIT {
    @TempDir
    Path dir;
    Fleet fleet;

    @BeforeEach
    void issueTwo() {
        fleet = Fleet.create(dir);
        fleet.issueClient("vm-1").issueClient("vm-2");
    }

    @AfterEach
    void close() {
        fleet.close();
    }

    /** The SERIAL column of 'certs list --all': every certificate ever issued. */
    private List<String> serials() {
        return fleet.certs("list", "--all").ok().output().lines().skip(1).map(l -> l.split("\\s+")[2]).toList();
    }

    private void refusedThenCheckedThenRepaired(String fileAtFault) {
        Cli refused = fleet.certs("issue", "client", "vm-3");
        assertEquals(2, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("CA database damaged, nothing changed: " + fleet.pki().resolve(fileAtFault)),
                refused.output());
        assertTrue(refused.output().contains("certs repair --dir " + fleet.pki()), refused.output());
        assertFalse(Files.exists(fleet.cert("vm-3")));

        Cli check = fleet.certs("check");
        assertEquals(4, check.exitCode(), check.output());
        assertTrue(check.output().contains("damaged: " + fleet.pki().resolve(fileAtFault)), check.output());

        Cli repair = fleet.certs("repair").ok();
        assertTrue(repair.output().contains("previous files kept in " + fleet.pki().resolve("ca/backup")), repair.output());
        fleet.certs("check").ok();

        assertTrue(fleet.certs("issue", "client", "vm-3").ok().output().contains("issued client 'vm-3' serial 03"));
        assertEquals(List.of("01", "02", "03"), serials().stream().sorted().toList());
    }

    @Test
    void truncatedIndexIsRefusedFoundAndRepaired() throws Exception {
        Path index = fleet.pki().resolve("ca/index.tsv");
        String whole = Files.readString(index);
        Files.writeString(index, whole.lines().findFirst().orElseThrow() + "\n");   // header only: both entries lost
        refusedThenCheckedThenRepaired("ca/index.tsv");
        assertTrue(Files.readString(index).startsWith(whole), "the lost entries are back as they were");
    }

    @Test
    void rewoundSerialIsRefusedFoundAndRepaired() throws Exception {
        Files.writeString(fleet.pki().resolve("ca/serial"), "01\n");
        refusedThenCheckedThenRepaired("ca/serial");
    }
}
