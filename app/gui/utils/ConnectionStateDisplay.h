#pragma once

// How a connection state reads and looks wherever the GUI shows one.

#include "client/AgentClient.h"

#include <QCoreApplication>
#include <QIcon>
#include <QString>

namespace tandem::gui {

class ConnectionStateDisplay final
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionStateDisplay)

public:
    static QString text(client::AgentClient::State state); // "Connected", "Connecting…", …
    static QIcon icon(client::AgentClient::State state);
};

} // namespace tandem::gui
