package dev.emailtriage.spamfilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny in-test TCP server that reads one SPAMC request per connection (up to the end of its Content-length) and
 * answers with a scripted reply, or with nothing at all (holding the connection until closed), to test the client's
 * error and deadline handling without a real spamd.
 */
public final class FakeSpamd implements AutoCloseable {

  private final ServerSocket server;
  private final Thread thread;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<byte[]> requests = new CopyOnWriteArrayList<>();
  private volatile byte[] reply;
  private volatile boolean silent;

  private FakeSpamd() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "fake-spamd");
    thread.setDaemon(true);
    thread.start();
  }

  /** A server that answers every request with {@code reply} (CRLF line ends as written). */
  public static FakeSpamd replying(String reply) throws IOException {
    FakeSpamd fake = new FakeSpamd();
    fake.reply = reply.getBytes(StandardCharsets.ISO_8859_1);
    return fake;
  }

  /** A server that reads the request and never answers until closed. */
  public static FakeSpamd silent() throws IOException {
    FakeSpamd fake = new FakeSpamd();
    fake.silent = true;
    return fake;
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  /** The requests received so far, as bytes. */
  public List<byte[]> requests() {
    return requests;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        requests.add(readRequest(socket.getInputStream()));
        if (silent) {
          release.await(1, TimeUnit.MINUTES);
          continue;
        }
        OutputStream out = socket.getOutputStream();
        out.write(reply);
        out.flush();
      } catch (IOException | InterruptedException e) {
        return;
      }
    }
  }

  private static byte[] readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int length = -1;
    int headEnd = -1;
    byte[] buffer = new byte[4096];
    while (true) {
      if (headEnd >= 0 && all.size() >= headEnd + length) {
        return all.toByteArray();
      }
      int n = in.read(buffer);
      if (n < 0) {
        return all.toByteArray();
      }
      all.write(buffer, 0, n);
      if (headEnd < 0) {
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) {
          headEnd = end + 4;
          length = 0;
          for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).strip());
            }
          }
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    release.countDown();
    server.close();
  }
}
