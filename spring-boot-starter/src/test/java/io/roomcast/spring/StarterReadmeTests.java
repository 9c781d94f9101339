package io.roomcast.spring;

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

/** The controller of the root README's "Spring Boot" section compiles against this starter. */
class StarterReadmeTests {

    private static final Pattern SECTION = Pattern.compile("## Spring Boot\\n.*?```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void shouldCompileTheReadmesController(@TempDir Path dir) throws Exception {
        Matcher example = SECTION.matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(example.find()).as("README.md has a java block under 'Spring Boot'").isTrue();
        Path source = dir.resolve("Chat.java");
        Files.writeString(source, example.group(1));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, errors, "-d", dir.resolve("classes").toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(status).as("javac says:%n%s", errors.toString(StandardCharsets.UTF_8)).isZero();
    }
}
