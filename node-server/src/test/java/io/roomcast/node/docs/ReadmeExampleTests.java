package io.roomcast.node.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's embedding example compiles as it stands, against the libraries of this build. */
class ReadmeExampleTests {

    private static final Pattern EXAMPLE = Pattern.compile(
            "## Embed Roomcast in your app.*?```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void shouldCompileTheEmbeddingExampleOfTheReadme(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher example = EXAMPLE.matcher(readme);
        assertThat(example.find()).as("README.md has a java block under 'Embed Roomcast in your app'").isTrue();
        Path source = dir.resolve("ChatServer.java");
        Files.writeString(source, example.group(1));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-d", dir.resolve("classes").toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());

        assertThat(status).as("javac says:%n%s", errors.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(dir.resolve("classes/ChatServer.class")).exists();
    }
}
