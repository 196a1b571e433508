package dev.consort.http;

import java.io.IOException;

/** A body with no length and no chunks: it ends when the server closes the connection. */
final class UntilCloseBody extends ResponseBody {

    UntilCloseBody(Connection connection, ConnectionPool pool) {
        super(connection, pool, false);
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        return connection.read(b, off, len);
    }
}
