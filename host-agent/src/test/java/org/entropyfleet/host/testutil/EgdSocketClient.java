package org.entropyfleet.host.testutil;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** Blocking EGD client over a plain or JDK-TLS socket, speaking the wire format byte by byte. */
public final class EgdSocketClient implements AutoCloseable {
    public static final int TIMEOUT_MILLIS = 20_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private EgdSocketClient(Socket s) throws IOException {
        this.socket = s;
        s.setSoTimeout(TIMEOUT_MILLIS);
        s.setTcpNoDelay(true);
        this.in = new DataInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    public static EgdSocketClient plain(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        return new EgdSocketClient(s);
    }

    public static EgdSocketClient tls(SSLSocketFactory f, int port) throws IOException {
        SSLSocket s = (SSLSocket) f.createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");   // verify the host cert's SAN 127.0.0.1
        s.setSSLParameters(p);
        s.setSoTimeout(TIMEOUT_MILLIS);
        s.startHandshake();
        return new EgdSocketClient(s);
    }

    public long bitsAvailable() throws IOException {
        out.write(0x00);
        out.flush();
        return in.readInt() & 0xFFFF_FFFFL;
    }

    public byte[] readNonBlocking(int n) throws IOException {
        out.write(new byte[] {0x01, (byte) n});
        out.flush();
        byte[] b = new byte[in.readUnsignedByte()];
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

    public void write(int bits, byte[] data) throws IOException {
        byte[] f = new byte[4 + data.length];
        f[0] = 0x03;
        f[1] = (byte) (bits >>> 8);
        f[2] = (byte) bits;
        f[3] = (byte) data.length;
        System.arraycopy(data, 0, f, 4, data.length);
        out.write(f);
        out.flush();
    }

    public String pid() throws IOException {
        out.write(0x04);
        out.flush();
        byte[] b = new byte[in.readUnsignedByte()];
        in.readFully(b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    public void sendRaw(byte... bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** True if the server closed the connection (EOF or reset) within the socket timeout. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return !e.getMessage().contains("timed out");
        }
    }

    public java.io.InputStream socketInput() {
        return in;
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
