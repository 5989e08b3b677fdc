///usr/bin/env jbang "$0" "$@" ; exit $?
// The JBang entry of the proxy: its command line (litellm.cli.ProxyCommand), run on the core library that
// src/Library.java builds (the JDK, the dependencies, the sources). The library is a dependency of this file, not
// sources of it, so that `jbang --interactive litellm.java` opens a JShell with litellm.LiteLLM on the class path:
// JBang gives JShell a script's dependencies, never the script's own classes.
//JAVA 25+
//DEPS src/Library.java
// The JVM flags below are each explained, with the measurement that keeps them, in docs/performance.md ("JVM flags").
//JAVA_OPTIONS -XX:+UseG1GC -Xms16m -Xmx512m -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10 -XX:G1PeriodicGCInterval=10000 -XX:-G1PeriodicGCInvokesConcurrent
//JAVA_OPTIONS -XX:TrimNativeHeapInterval=2000
//JAVA_OPTIONS -XX:AOTCache=${env.HOME,user.home}/.jbang/cache/litellm.java.aot -Xlog:aot=off -Xlog:cds=off
//JAVA_OPTIONS -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining
//JAVA_OPTIONS -XX:CompileCommand=quiet -XX:CompileCommand=MaxNodeLimit,jdk.internal.classfile.impl.*::*,1
//JAVA_OPTIONS -XX:CompileCommand=MaxNodeLimit,sun.util.locale.*::*,1 -XX:CompileCommand=MaxNodeLimit,java.util.jar.*::*,1
//JAVA_OPTIONS -XX:CompileCommand=MaxNodeLimit,java.util.zip.ZipFile*::*,1 -XX:CompileCommand=MaxNodeLimit,java.util.zip.ZipCoder*::*,1
//JAVA_OPTIONS -XX:CompileCommand=MaxNodeLimit,java.util.zip.ZipUtils::*,1 -XX:CompileCommand=MaxNodeLimit,java.math.BigInteger::*,1
//JAVA_OPTIONS -XX:CompileCommand=MaxNodeLimit,jdk.internal.loader.URLClassPath*::*,1 -XX:CompileCommand=MaxNodeLimit,sun.net.www.ParseUtil::*,1
//JAVA_OPTIONS -XX:CompileCommand=MaxNodeLimit,jdk.internal.jimage.*::*,1 -XX:CompileCommand=MaxNodeLimit,java.util.zip.InflaterInputStream::*,1
//JAVA_OPTIONS -XX:CompileCommand=MaxNodeLimit,java.io.DataInputStream::*,1 -XX:CompileCommand=MaxNodeLimit,java.io.BufferedInputStream::*,1

package entry;

import litellm.cli.ProxyCommand;

/**
 * Starts the command line. In a package of its own, outside the core's: JBang puts a packaged main class's name in
 * the JShell it opens (its {@code userMain} shortcut), which reports an error at start-up when the name's first part is
 * a package JShell sees, and it warns about a main class in the default package.
 */
public class litellm {
    public static void main(String... args) {
        ProxyCommand.main(args);
    }
}
