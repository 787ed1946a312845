package dev.wharf.app.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for subcommands ({@code --version} is the root's alone). */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
