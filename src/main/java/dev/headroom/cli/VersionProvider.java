package dev.headroom.cli;

import picocli.CommandLine;

/** The version comes from the jar manifest, so it cannot drift from the build. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = HeadroomCli.class.getPackage().getImplementationVersion();
        return new String[] {"Headroom " + (v == null ? "development build" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
