#include "ConnectionStateDisplay.h"

namespace tandem::gui {

using State = client::AgentClient::State;

QString ConnectionStateDisplay::text(State state)
{
    switch (state) {
    case State::Connected:
        return tr("Connected");
    case State::Connecting:
        return tr("Connecting…");
    case State::Authenticating:
        return tr("Authenticating…");
    case State::Disconnected:
        break;
    }
    return tr("Disconnected");
}

QIcon ConnectionStateDisplay::icon(State state)
{
    switch (state) {
    case State::Connected:
        return QIcon(QStringLiteral(":/icons/connected.svg"));
    case State::Connecting:
    case State::Authenticating:
        return QIcon(QStringLiteral(":/icons/connecting.svg"));
    case State::Disconnected:
        break;
    }
    return QIcon(QStringLiteral(":/icons/disconnected.svg"));
}

} // namespace tandem::gui
