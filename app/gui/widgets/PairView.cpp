#include "PairView.h"

#include "models/ServiceLocationModel.h"
#include "models/VrrpGroupModel.h"
#include "utils/ConnectionStateDisplay.h"
#include "widgets/DeviceHeader.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace tandem::gui {

PairView::PairView(const client::Endpoint& deviceA, const client::Endpoint& deviceB,
                   QWidget* parent)
    : QWidget(parent), m_devices{new client::DeviceMonitor(this), new client::DeviceMonitor(this)}
{
    // Started first: the headers and models read the devices' endpoints as they are made.
    m_devices[0]->start(deviceA);
    m_devices[1]->start(deviceB);
    m_headers = {new DeviceHeader(m_devices[0], this), new DeviceHeader(m_devices[1], this)};
    m_slgModel = new ServiceLocationModel(m_devices[0], m_devices[1], this);
    m_vrrpModel = new VrrpGroupModel({m_devices[0], m_devices[1]}, this);
    m_slgTable = new QTableView(this);
    m_vrrpTable = new QTableView(this);
    m_splitter = new QSplitter(Qt::Vertical, this);

    m_slgTable->setModel(m_slgModel);
    m_vrrpTable->setModel(m_vrrpModel);
    setUpTable(m_slgTable);
    setUpTable(m_vrrpTable);
    // Its last column is a priority: stretched, it would float far from its header.
    m_slgTable->horizontalHeader()->setStretchLastSection(false);

    auto* headers = new QHBoxLayout;
    headers->setSpacing(8);
    for (DeviceHeader* header : m_headers)
        headers->addWidget(header, 1);

    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(makeSection(tr("Service locations"), m_slgTable));
    m_splitter->addWidget(makeSection(tr("VRRP groups"), m_vrrpTable));
    // Each SLG follows one VRRP group per device: the VRRP table has twice the rows.
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    layout->addLayout(headers);
    layout->addWidget(m_splitter, 1);

    for (client::DeviceMonitor* device : m_devices) {
        connect(device, &client::DeviceMonitor::connectionStateChanged, this,
                &PairView::connectionSummaryChanged);
        connect(device, &client::DeviceMonitor::statusChanged, this,
                &PairView::connectionSummaryChanged);
    }
}

PairView::~PairView()
{
    // Disconnect while the models and headers still exist: closing emits state changes.
    for (client::DeviceMonitor* device : m_devices)
        device->stop();
}

QString PairView::title() const
{
    return QStringLiteral("%1 / %2").arg(m_devices[0]->endpoint().name,
                                         m_devices[1]->endpoint().name);
}

bool PairView::isLive() const
{
    return std::all_of(m_devices.begin(), m_devices.end(), [](const client::DeviceMonitor* device) {
        return device->status().has_value();
    });
}

QString PairView::connectionSummary() const
{
    QStringList parts;
    for (const client::DeviceMonitor* device : m_devices) {
        QString part = tr("%1: %2").arg(device->endpoint().name,
                                        ConnectionStateDisplay::text(device->connectionState()));
        if (device->connectionState() == client::AgentClient::State::Disconnected &&
            !device->lastError().isEmpty())
            part = tr("%1 (%2)").arg(part, device->lastError());
        parts.append(part);
    }
    return parts.join(QStringLiteral("   ·   "));
}

QByteArray PairView::saveState() const
{
    return m_splitter->saveState();
}

void PairView::restoreState(const QByteArray& state)
{
    m_splitter->restoreState(state);
}

void PairView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_slgModel->refreshColors();
        m_vrrpModel->refreshColors();
    }
}

QWidget* PairView::makeSection(const QString& title, QTableView* table)
{
    auto* section = new QWidget(this);
    auto* label = new QLabel(title, section);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    auto* layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(label);
    layout->addWidget(table, 1);
    return section;
}

void PairView::setUpTable(QTableView* table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setCornerButtonEnabled(false);
    // Breathing room between values and grid lines; colours still come from the model.
    table->setStyleSheet(QStringLiteral("QTableView::item { padding: 0px 6px; }"));
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    // Cells change width as devices come and go ("master" ↔ "disconnected"); keep every
    // value readable rather than elided.
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

} // namespace tandem::gui
