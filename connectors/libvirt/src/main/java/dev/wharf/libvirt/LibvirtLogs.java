package dev.wharf.libvirt;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogSource;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import dev.wharf.inventory.MergedLogFeed;
import dev.wharf.inventory.WharfException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The logs of a libvirt host's domains ({@link LogSource}): its serial console log (the file named
 * by {@code <log file=…>} in its {@code <serial>}/{@code <console>}) and QEMU's log
 * ({@code NAME.log} in the daemon's QEMU log directory). libvirt has no API for either: they are
 * files on the host. For a local URI they are read here ({@link DaemonFiles}: as the daemon sees
 * them, its mount namespace included; {@link FileTailFeed}); for {@code qemu+ssh://} (and libssh)
 * over ssh with the URI's user, host, port and key ({@link SshTailFeed}); for tcp and tls, not at
 * all: the message says so and what to do.
 */
final class LibvirtLogs implements LogSource {
    /** How long a followed "all logs" holds a line for the other log to catch up. */
    static final long MERGE_HOLD_MILLIS = 300;

    private final DomainCalls calls;
    private final long pollMillis;

    LibvirtLogs(DomainCalls calls) {
        this(calls, FileTailFeed.POLL_MILLIS);
    }

    LibvirtLogs(DomainCalls calls, long pollMillis) {
        this.calls = calls;
        this.pollMillis = pollMillis;
    }

    @Override
    public CompletableFuture<LogFeed> openLog(Item item, LogRequest request) {
        LogStreams streams = item.facet(LogStreams.class).orElse(null);
        String label = item.name();
        if (streams == null || streams.streams().isEmpty()) {
            return CompletableFuture.failedFuture(new WharfException(label + " has no logs: libvirt's test driver keeps none"));
        }
        if (request.previous()) {
            return CompletableFuture.failedFuture(new WharfException("libvirt keeps no log of a previous instance of "
                    + label + ": its logs are appended across starts (the qemu log marks each start); read them without -p"));
        }
        List<String> names = new ArrayList<>();
        if (request.allStreams()) {
            streams.streams().forEach(s -> names.add(s.name()));
        } else {
            String name = request.stream() == null ? streams.defaultStream() : request.stream();
            if (streams.find(name).isEmpty()) {
                String why = name.equals(DomainMapper.SERIAL_LOG) && !streams.note().isEmpty() ? streams.note()
                        : label + " has no log " + name + ": its logs are "
                        + String.join(", ", streams.streams().stream().map(LogStream::name).toList());
                return CompletableFuture.failedFuture(new WharfException(why));
            }
            names.add(name);
        }
        Instant since = request.sinceTime() != null ? request.sinceTime()
                : request.sinceSeconds() != null ? Instant.now().minusSeconds(request.sinceSeconds()) : null;
        if (since != null && names.contains(DomainMapper.SERIAL_LOG)) {
            return CompletableFuture.failedFuture(new WharfException("The serial log of " + label + " has no timestamps,"
                    + " so --since cannot select its lines: use --tail N (or -c qemu, whose lines carry their time)"));
        }
        String uri = calls.uri();
        String transport = VncOpener.transport(uri);
        boolean ssh = transport.equals("ssh") || transport.equals("libssh") || transport.equals("libssh2");
        if (!transport.isEmpty() && !ssh) {
            return CompletableFuture.failedFuture(new WharfException("Cannot read the logs of " + label + " through "
                    + uri + ": libvirt has no API for a domain's logs, they are files on its host, and Wharf reads them"
                    + " only on this machine or over ssh. Connect with qemu+ssh://USER@HOST/system (a user who may read"
                    + " /var/log/libvirt/qemu), or read them on the host (" + DomainMapper.QEMU_LOG + ": /var/log/libvirt/qemu/"
                    + label + ".log)."));
        }
        boolean needXml = names.contains(DomainMapper.SERIAL_LOG);
        CompletableFuture<String> serialPath = needXml
                ? calls.onDomain(item, "Read the serial log file of", d -> DomainFacts.parse(d.getXMLDesc(0), 0, 0, true).serialLog())
                : CompletableFuture.completedFuture(null);
        return serialPath.thenApplyAsync(serial -> {
            DaemonFiles daemon = ssh ? null : DaemonFiles.of(uri);
            List<LogFeed> feeds = new ArrayList<>();
            for (String name : names) {
                feeds.add(feed(item, request, name, serial, daemon, ssh, since, names.size() > 1 ? name : null));
            }
            if (feeds.size() == 1) {
                return feeds.get(0);
            }
            return new MergedLogFeed("logs of " + label + " (" + String.join(", ", names) + ")", feeds,
                    request.follow() ? MERGE_HOLD_MILLIS : Long.MAX_VALUE);
        });
    }

    private LogFeed feed(Item item, LogRequest request, String name, String serialPath, DaemonFiles daemon, boolean ssh,
                         Instant since, String origin) {
        String label = item.name();
        boolean serial = name.equals(DomainMapper.SERIAL_LOG);
        if (serial && serialPath == null) {
            throw new WharfException(label + "'s definition no longer logs its serial console to a file"
                    + " (no <log file=…> in its <serial>): add one (virsh edit " + label + ") and start it again");
        }
        String description = (serial ? "serial console log of " : "QEMU log of ") + label;
        if (ssh) {
            String remote;
            String shown;
            if (serial) {
                remote = SshTailFeed.shellQuote(serialPath);
                shown = serialPath;
            } else if (calls.uri().contains("/session")) {
                remote = "\"${XDG_CACHE_HOME:-$HOME/.cache}\"/libvirt/qemu/log/" + SshTailFeed.shellQuote(label + ".log");
                shown = "~/.cache/libvirt/qemu/log/" + label + ".log";
            } else {
                shown = "/var/log/libvirt/qemu/" + label + ".log";
                remote = SshTailFeed.shellQuote(shown);
            }
            return SshTailFeed.of(description, calls.uri(), remote, shown + " on " + hostOf(calls.uri()),
                    request.tailLines(), request.follow(), origin, since);
        }
        String path = serial ? serialPath : daemon.qemuLogDir(calls.uri()) + "/" + label + ".log";
        return new FileTailFeed(description, daemon.resolve(path), path, request.tailLines(), request.follow(), origin,
                since, pollMillis);
    }

    private static String hostOf(String uri) {
        String h = java.net.URI.create(uri).getHost();
        return h == null ? "the host" : h;
    }
}
