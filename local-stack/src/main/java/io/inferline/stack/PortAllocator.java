package io.inferline.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, and a clear error when a wanted one is taken. */
final class PortAllocator {
    private PortAllocator() {
    }

    /** A port that was free a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code port}, or 0 replaced by a free one; fails naming the port and its use when it is taken. */
    static int claim(int port, String usedFor) {
        if (port == 0) {
            return freePort();
        }
        try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " (" + usedFor + ") is already in use: stop what"
                    + " listens there or choose another port", e);
        }
    }

    /** True when {@code port} can be bound on loopback right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts connections on the loopback {@code port}. */
    static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
