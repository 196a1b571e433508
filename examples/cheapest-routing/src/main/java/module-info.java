/**
 * Example plugin: the routing policy {@code cheapest}. Needs only the SPI and exports nothing.
 */
module org.example.cheapest {
    requires dev.consort.spi;

    provides dev.consort.spi.routing.RoutingPolicyProvider with org.example.cheapest.CheapestFirstPolicyProvider;
}
