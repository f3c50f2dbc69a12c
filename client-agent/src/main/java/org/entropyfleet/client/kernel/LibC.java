package org.entropyfleet.client.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The four libc calls the kernel feeder needs, bound by JNA direct mapping (no C is compiled).
 * ioctl is variadic in C; on x86-64 and aarch64 a fixed (int, unsigned long, void*) call has the
 * same ABI, which is what glibc's own syscall wrappers rely on too.
 */
final class LibC {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CLOEXEC = 0x80000;
    static final int EPERM = 1;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int GRND_NONBLOCK = 1;

    static {
        JnaSearchPath.set();
        Native.register("c");
    }

    private LibC() {
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native NativeLong getrandom(Pointer buf, NativeLong len, int flags) throws LastErrorException;
}
