#include "Bridge.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace tandem::agent {

namespace {

// Writes all of `size` bytes; false on an error (errno says which).
bool writeAll(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += written;
        size -= std::size_t(written);
    }
    return true;
}

int fail(const std::string& message)
{
    std::fprintf(stderr, "tandem-agent bridge: %s\n", message.c_str());
    return 1;
}

} // namespace

int runBridge(int argc, char* argv[])
{
    std::string socketPath;
    std::string configPath = kDefaultConfigPath;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--socket" || arg == "--config" || arg == "-c") && i + 1 < argc) {
            (arg == "--socket" ? socketPath : configPath) = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: tandem-agent bridge [--socket PATH | --config FILE]\n"
                         "relays stdin/stdout to the agent's local socket (default "
                         "FILE.d/agent.sock, FILE %s)\n",
                         kDefaultConfigPath);
            return 2;
        }
    }
    if (socketPath.empty())
        socketPath = configPath + ".d/agent.sock";

    sockaddr_un address = {};
    if (socketPath.size() >= sizeof(address.sun_path))
        return fail("socket path " + socketPath + " is too long");
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, socketPath.data(), socketPath.size());
    const int agent = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (agent < 0 || ::connect(agent, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0)
        return fail("cannot connect to the agent at " + socketPath + ": " + std::strerror(errno));
    // A client gone away shows as EPIPE from write, not as a signal that kills us mid-frame.
    std::signal(SIGPIPE, SIG_IGN);

    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {agent, POLLIN, 0}};
    const int outOf[2] = {agent, STDOUT_FILENO};
    char buffer[64 * 1024];
    // Stdin is done (its end, or the agent no longer reads): the agent learns it from the
    // half-close, answers what it has read and closes; until then its replies go on to stdout.
    auto stopReadingStdin = [&] {
        ::shutdown(agent, SHUT_WR);
        fds[0].fd = -1;
    };
    for (;;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return fail(std::string("poll: ") + std::strerror(errno));
        }
        for (int side = 0; side < 2; ++side) {
            if (fds[side].fd < 0 || !(fds[side].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
                continue;
            const ssize_t got = (fds[side].revents & POLLNVAL) && side == 0
                                    ? 0 // stdin is not open at all: nothing to send
                                    : ::read(fds[side].fd, buffer, sizeof buffer);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && side == 1 && errno == ECONNRESET)
                return 0; // the agent closed the session (a limit, or it stopped)
            if (got < 0)
                return fail((side == 0 ? std::string("reading stdin: ")
                                       : "reading from the agent at " + socketPath + ": ") +
                            std::strerror(errno));
            if (got == 0 && side == 1)
                return 0; // the agent ended the session, everything it sent relayed
            if (got == 0) {
                stopReadingStdin();
                continue;
            }
            if (writeAll(outOf[side], buffer, std::size_t(got)))
                continue;
            if (side == 0 && (errno == EPIPE || errno == ECONNRESET)) {
                // The agent closed first (a frame too large, a limit): what it said before
                // closing is still in the socket, and goes out.
                stopReadingStdin();
                continue;
            }
            return errno == EPIPE || errno == ECONNRESET
                       ? 0 // the client went away
                       : fail((side == 0 ? "writing to the agent at " + socketPath + ": "
                                         : std::string("writing stdout: ")) +
                              std::strerror(errno));
        }
    }
}

} // namespace tandem::agent
