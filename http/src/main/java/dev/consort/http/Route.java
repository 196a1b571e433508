package dev.consort.http;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Locale;

/**
 * Where a connection goes: scheme, host and port of the origin, and the HTTP proxy in between, if any.
 * Connections are pooled per route.
 */
record Route(boolean tls, String host, int port, Proxy proxy) {

    static Route of(URI uri, Proxy proxy) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "https" -> true;
            case "http" -> false;
            default -> throw new IllegalArgumentException("not an http or https URL: " + uri);
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in the URL: " + uri);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        return new Route(tls, uri.getHost(), port, proxy.type() == Proxy.Type.HTTP ? proxy : Proxy.NO_PROXY);
    }

    boolean proxied() {
        return proxy.type() == Proxy.Type.HTTP;
    }

    /** The {@code Host} header: the port only when it is not the scheme's own. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? h : h + ":" + port;
    }

    /** What is dialled: the proxy, or the origin. */
    InetSocketAddress dialled() {
        if (!proxied()) {
            return new InetSocketAddress(host, port);
        }
        // The JDK's ProxySelector names its proxies unresolved, to be resolved when dialled: here.
        InetSocketAddress a = (InetSocketAddress) proxy.address();
        return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + hostHeader() + (proxied() ? " via " + proxy.address() : "");
    }
}
