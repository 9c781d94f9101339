package io.roomcast.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownFieldsTests {

    @Test
    void shouldReportAMisspeltFieldWithItsPath() {
        var manifests = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                spec:
                  template:
                    spec:
                      terminationGracePeriod: 40
                      containers:
                        - name: node
                          image: a
                          readinessProbe:
                            httpGet: {path: /health/ready, port: management, portt: 1}
                """);

        assertThat(UnknownFields.in(manifests.all().get(0))).containsExactlyInAnyOrder(
                "spec.template.spec.terminationGracePeriod",
                "spec.template.spec.containers[0].readinessProbe.httpGet.portt");
    }

    @Test
    void shouldFindNothingInAWellFormedObject() {
        var manifests = Manifests.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  ports: [{name: client, port: 3000, targetPort: client}]
                """);

        assertThat(UnknownFields.in(manifests.all().get(0))).isEmpty();
    }
}
