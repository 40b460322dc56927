#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tabular

/// What `worksafe` does on SIGINT (Ctrl-C), SIGTERM or SIGHUP: remove the temporary files of
/// outputs not yet committed (`PendingTemporaryFiles`), say so on stderr, and exit with
/// 128 + the signal number (130 for SIGINT), the shell convention. The destination files are
/// untouched: an interrupted run leaves no partial output.
///
/// The handler uses only async-signal-safe calls (`unlink`, `write`, `_exit`) on data made
/// before it is installed. The signals are also unblocked: a parent may hand down a mask
/// that blocks them (Foundation's `Process` does when launched from a thread that blocks
/// them), and a blocked SIGTERM would leave the process unstoppable but by SIGKILL, which
/// leaves the temporary files behind.
enum InterruptHandling {
    static func install() {
        PendingTemporaryFiles.prepare()
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { sig in
                PendingTemporaryFiles.removeAll()
                let message: StaticString = "worksafe: interrupted; unfinished output files removed\n"
                _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
                _exit(128 + sig)
            }
        }
    }
}
