package org.entropyfleet.it.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A deliberately independent, blocking EGD client over a plain socket (local endpoints, or
 * through stunnel): it shares no code with the suite's codec, so it checks the wire format.
 */
public final class EgdSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public EgdSocket(String host, int port, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public long bitsAvailable() throws IOException {
        out.write(0x00);
        out.flush();
        return in.readInt() & 0xFFFFFFFFL;
    }

    public byte[] readNonBlocking(int n) throws IOException {
        out.write(new byte[] {0x01, (byte) n});
        out.flush();
        int m = in.readUnsignedByte();
        byte[] b = new byte[m];
        in.readFully(b);
        return b;
    }

    public byte[] readBlocking(int n) throws IOException {
        out.write(new byte[] {0x02, (byte) n});
        out.flush();
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    public String pid() throws IOException {
        out.write(0x04);
        out.flush();
        int len = in.readUnsignedByte();
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    public byte[] readExactly(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** True once the peer closed the connection (read returns EOF or the socket resets). */
    public boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
