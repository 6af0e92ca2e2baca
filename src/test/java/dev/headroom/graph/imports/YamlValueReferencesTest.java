package dev.headroom.graph.imports;

import dev.headroom.graph.imports.YamlValueReferences.HostRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class YamlValueReferencesTest {
    private static List<String> hosts(String value) {
        return YamlValueReferences.find(value).stream().map(r -> String.join(".", r.labels())).toList();
    }

    @Test
    void hostsOfUrlsIncludingCredentialsAndSeveralHosts() {
        assertThat(hosts("http://svc:8080/path")).containsExactly("svc");
        assertThat(hosts("mongodb://user:pw@a-db:27017,b-db:27018/x?replicaSet=rs")).containsExactly("a-db", "b-db");
        assertThat(hosts("http://a:1,http://b:2/p")).containsExactly("a", "b");
        assertThat(hosts("jdbc:mysql://orders-db:3306/orders")).containsExactly("orders-db");
        HostRef ref = YamlValueReferences.find("https://Cart.shop.svc/x").get(0);
        assertThat(ref.labels()).containsExactly("cart", "shop", "svc");
        assertThat(ref.inUrl()).isTrue();
    }

    @Test
    void bareNamesWithPortsInListsOnTokenBoundaries() {
        assertThat(hosts("cart:7070")).containsExactly("cart");
        assertThat(hosts("search:9200,mail:25 queue")).containsExactly("search", "mail", "queue");
        assertThat(hosts("user-db.sock-shop.svc.cluster.local:27017")).containsExactly("user-db.sock-shop.svc.cluster.local");
        assertThat(YamlValueReferences.find("cart:7070").get(0).hasPort()).isTrue();
    }

    @Test
    void pathsFlagsKeysShellVariablesAndCapitalisedWordsAreNotHosts() {
        assertThat(hosts("/tmp/logs")).isEmpty();
        assertThat(hosts("-Dspring.zipkin.enabled=false -Xms64m")).as("only the value of key=value").containsExactly("false");
        assertThat(hosts("carts=on $carts ${CARTS} Carts")).containsExactly("on");
        assertThat(hosts("http://front/carts/items")).containsExactly("front");
    }

    @Test
    void localhostAndAddressesAreLocal() {
        assertThat(YamlValueReferences.find("localhost:8080").get(0).local()).isTrue();
        assertThat(YamlValueReferences.find("http://10.0.0.1:80").get(0).local()).isTrue();
        assertThat(YamlValueReferences.find("cart:80").get(0).local()).isFalse();
    }
}
