package org.clinner.uima;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.cli.ClinnerCli;
import org.clinner.frontend.ExitCode;
import org.clinner.model.TestSnapshots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ClinNER installed into cTAKES as the README says: cTAKES 6.0.0's own classpath (UIMA 3.5.0, its
 * uimaFIT, Spring and logging, resolved by Maven as a cTAKES installation has them) plus
 * the jars of {@code target/clinner-ctakes/} (ClinNER's own among them), in a JVM of its own running cTAKES'
 * {@code PiperFileRunner} on {@code pipelines/ClinNER.piper} with the model from {@code -m}. The folder
 * brings no second UIMA, uimaFIT, Spring or slf4j, and the run writes the TSV {@code clinner annotate}
 * writes.
 */
class CtakesInstallTest {

    private static final Path LIB = Paths.get("target/clinner-ctakes");

    @TempDir
    Path temp;

    @Test
    void theInstallFolderRunsInsideCtakesOwnClasspath() throws Exception {
        List<String> ctakes = ctakesClasspath();
        assertTrue(ctakes.stream().anyMatch(jar -> jar.endsWith("uimaj-core-3.5.0.jar")), "cTAKES' UIMA: " + ctakes);
        List<String> ours = new ArrayList<>();
        try (Stream<Path> jars = Files.list(LIB)) {
            jars.filter(jar -> jar.toString().endsWith(".jar"))
                    .forEach(jar -> ours.add(jar.toAbsolutePath().toString()));
        }
        assertTrue(ours.stream().anyMatch(jar -> jar.endsWith("-ctakes.jar")), "ClinNER's jar: " + ours);
        for (String jar : ours) {
            String name = Paths.get(jar).getFileName().toString();
            // uimaj-document-annotation is not UIMA but the JCas class DKPro's DocumentMetaData extends
            assertTrue(!name.matches("(uimaj-core|uimaj-cpe|uimaj-adapter|uimafit-|spring-|slf4j-|jVinci|log4j-).*"),
                    "no second " + name);
        }
        Path input = Files.createDirectories(temp.resolve("in/sub"));
        Files.writeString(input.getParent().resolve("a.txt"), "Se realizó una colonoscopia y una biopsia renal.\n");
        Files.writeString(input.resolve("b.txt"), "Paciente con dolor torácico; se hizo una ecografía abdominal.\n");
        String model = TestSnapshots.PARITY.resolve("model-f32").toAbsolutePath().toString();
        Path piper = Files.writeString(temp.resolve("install.piper"), "set mode=raw\n"
                + "load " + Paths.get("pipelines/ClinNER.piper").toAbsolutePath() + "\n");
        Path output = temp.resolve("out");

        List<String> classpath = new ArrayList<>(ctakes);
        classpath.addAll(ours);
        Path log = java(classpath, "org.apache.ctakes.core.pipeline.PiperFileRunner",
                "-p", piper.toString(), "-i", input.getParent().toString(), "-o", output.toString(), "-m", model);

        Path cli = temp.resolve("cli.tsv");
        assertEquals(ExitCode.OK, ClinnerCli.run("annotate", "--input", input.getParent().toString(), "--output",
                cli.toString(), "--model", model, "--mode", "raw"));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(output.resolve("mentions.tsv")),
                Files.readString(log));
        assertTrue(Files.isRegularFile(output.resolve("sub/b.txt.xmi")));
    }

    /** Runs a main class in a JVM of its own, in {@link #temp}; fails unless it exits with 0; returns its log. */
    private Path java(List<String> classpath, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", String.join(File.pathSeparator, classpath), mainClass));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(temp, "java-", ".log");
        Process run = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(run.waitFor(10, TimeUnit.MINUTES), mainClass + " did not end");
        assertEquals(0, run.exitValue(), Files.readString(log));
        return log;
    }

    /** The runtime classpath of ctakes-core 6.0.0 with its own versions, as Maven resolves it for an installation. */
    private List<String> ctakesClasspath() throws Exception {
        Path pom = Files.writeString(temp.resolve("ctakes-pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.clinner.test</groupId>
                  <artifactId>ctakes-installation</artifactId>
                  <version>1</version>
                  <dependencies>
                    <dependency>
                      <groupId>org.apache.ctakes</groupId>
                      <artifactId>ctakes-core</artifactId>
                      <version>6.0.0</version>
                    </dependency>
                  </dependencies>
                </project>
                """);
        Path classpath = temp.resolve("ctakes-classpath.txt");
        Path log = temp.resolve("mvn.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-f", pom.toString(),
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + classpath, "-Dmdep.includeScope=runtime")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(mvn.waitFor(10, TimeUnit.MINUTES), "mvn did not end");
        assertEquals(0, mvn.exitValue(), Files.readString(log));
        return List.of(Files.readString(classpath, StandardCharsets.UTF_8).trim().split(File.pathSeparator));
    }
}
