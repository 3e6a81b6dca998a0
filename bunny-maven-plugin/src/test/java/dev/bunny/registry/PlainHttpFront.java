package dev.bunny.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Answers a TLS ClientHello with 400 at once, as Go's registry does, and forwards plain HTTP to a
 * JDK HttpServer (which would wait for a request line and make "try HTTPS first" time out).
 */
final class PlainHttpFront implements AutoCloseable {

  private final ServerSocket front;
  private final int backendPort;
  private volatile boolean closed;

  PlainHttpFront(int backendPort) throws IOException {
    this.backendPort = backendPort;
    front = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(this::accept, "plain-http-front");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return front.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = front.accept();
        Thread t = new Thread(() -> serve(client), "plain-http-front-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      PushbackInputStream in = new PushbackInputStream(client.getInputStream(), 1);
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (first == 0x16) {
        client.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
            .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      in.unread(first);
      try (Socket upstream = new Socket("127.0.0.1", backendPort)) {
        Thread up = new Thread(() -> pipe(in, upstream), "plain-http-front-up");
        up.setDaemon(true);
        up.start();
        pipe(upstream.getInputStream(), client);
        up.join(1000);
      }
    } catch (IOException | InterruptedException e) {
      // connection gone
    }
  }

  private static void pipe(InputStream from, Socket to) {
    try {
      from.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    front.close();
  }
}
