package org.entropyfleet.link.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cheap change detection for the TLS files: modification time, size and file key (inode) of each.
 * The inode catches an atomic rename that lands within the file system's timestamp granularity.
 */
record FileStamps(Map<Path, String> stamps) {

    static FileStamps of(List<Path> files) {
        Map<Path, String> m = new LinkedHashMap<>();
        for (Path p : files) {
            if (p == null) {
                continue;
            }
            String stamp;
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                stamp = a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
            } catch (IOException e) {
                stamp = "unreadable:" + e.getClass().getSimpleName();
            }
            m.put(p, stamp);
        }
        return new FileStamps(Map.copyOf(m));
    }

    /** Files whose stamp differs between the two snapshots. */
    List<Path> changedSince(FileStamps before) {
        List<Path> changed = new ArrayList<>();
        for (Map.Entry<Path, String> e : stamps.entrySet()) {
            if (before == null || !Objects.equals(before.stamps.get(e.getKey()), e.getValue())) {
                changed.add(e.getKey());
            }
        }
        return changed;
    }
}
