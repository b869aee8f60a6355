#include "CgnTablesView.h"

#include "models/AddressPoolModel.h"
#include "models/PortBlockTableModel.h"
#include "models/SessionTableModel.h"
#include "models/SubnetModel.h"
#include "models/UserTableModel.h"
#include "utils/GuiSettings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace tandem::gui {

namespace {

const QString kTableNames[CgnTablesView::TableCount] = {
    QStringLiteral("sessions"), QStringLiteral("users"), QStringLiteral("portBlocks"),
    QStringLiteral("pools"), QStringLiteral("subnets")};

} // namespace

CgnTablesView::CgnTablesView(std::array<client::DeviceMonitor*, 2> devices, QWidget* parent)
    : QWidget(parent), m_devices(devices), m_sessionModel(new SessionTableModel(this)),
      m_userModel(new UserTableModel(this)), m_portBlockModel(new PortBlockTableModel(this)),
      m_poolModel(new AddressPoolModel(this)), m_subnetModel(new SubnetModel(this)),
      m_tabs(new QTabWidget(this)), m_device(new QComboBox(this)),
      m_serviceLocation(new QSpinBox(this)), m_cpe(new QLineEdit(this)),
      m_protocol(new QComboBox(this)), m_insidePort(new QSpinBox(this)),
      m_outsidePort(new QSpinBox(this)), m_pageSize(new QComboBox(this)),
      m_previous(new QPushButton(tr("◀ &Previous"), this)),
      m_next(new QPushButton(tr("&Next ▶"), this)), m_pageLabel(new QLabel(this))
{
    for (const client::DeviceMonitor* device : m_devices)
        m_device->addItem(device->endpoint().name);
    m_serviceLocation->setRange(1, 255);
    m_serviceLocation->setPrefix(tr("SLG "));
    m_cpe->setPlaceholderText(tr("CPE address"));
    m_cpe->setClearButtonEnabled(true);
    m_protocol->addItem(tr("any protocol"), QString());
    m_protocol->addItem(QStringLiteral("TCP"), QStringLiteral("tcp"));
    m_protocol->addItem(QStringLiteral("UDP"), QStringLiteral("udp"));
    m_protocol->addItem(QStringLiteral("ICMP"), QStringLiteral("icmp"));
    for (QSpinBox* port : {m_insidePort, m_outsidePort}) {
        port->setRange(-1, 65535);
        port->setValue(-1);
        port->setSpecialValueText(tr("any"));
    }
    for (int rows : {100, 200, 500, 1000})
        m_pageSize->addItem(tr("%1 rows a page").arg(rows), rows);
    m_pageSize->setCurrentIndex(1);
    // A long page text wraps rather than widening the window.
    m_pageLabel->setWordWrap(true);
    m_previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    auto* apply = new QPushButton(tr("&Apply"), this);
    apply->setToolTip(tr("Ask the agent again with these filters (Enter)"));
    auto* copy = new QPushButton(tr("&Copy"), this);
    copy->setToolTip(tr("Copy the selected rows (Ctrl+C)"));
    auto* exportCsv = new QPushButton(tr("Export &CSV…"), this);
    exportCsv->setToolTip(tr("Save the rows of this page as CSV"));

    const QString titles[TableCount] = {tr("Sessions"), tr("Users"), tr("Port blocks"),
                                        tr("Address pools"), tr("Subnets")};
    for (int t = 0; t < TableCount; ++t) {
        auto* view = new QTableView(this);
        view->setObjectName(kTableNames[t] + QStringLiteral("Table"));
        view->setModel(model(t));
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        view->setAlternatingRowColors(true);
        view->setWordWrap(false);
        view->verticalHeader()->hide();
        view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
        QHeaderView* header = view->horizontalHeader();
        header->setSectionsMovable(true);
        header->setStretchLastSection(true);
        header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        header->setContextMenuPolicy(Qt::CustomContextMenu);
        m_autoSize[size_t(t)] = true;
        if (t == Sessions) {
            // Sorting happens at the agent over the whole table, not over the page shown.
            header->setSectionsClickable(true);
            header->setSortIndicatorShown(true);
            header->setSortIndicator(SessionTableModel::Id, Qt::AscendingOrder);
            connect(header, &QHeaderView::sectionClicked, this, [this, header](int column) {
                const bool same = column == header->sortIndicatorSection();
                sortSessions(column, same && header->sortIndicatorOrder() == Qt::AscendingOrder
                                         ? Qt::DescendingOrder
                                         : Qt::AscendingOrder);
            });
        }
        connect(header, &QHeaderView::customContextMenuRequested, this,
                [this, t](const QPoint& at) { showColumnMenu(t, at); });
        auto* copyAction = new QAction(tr("Copy"), view);
        copyAction->setShortcut(QKeySequence::Copy);
        copyAction->setShortcutContext(Qt::WidgetShortcut);
        connect(copyAction, &QAction::triggered, this, &CgnTablesView::copySelection);
        view->addAction(copyAction);
        m_tables[size_t(t)] = view;
        m_tabs->addTab(view, titles[t]);
    }

    // Two rows: where to read, and what to match; each fits a small window.
    auto* source = new QHBoxLayout;
    source->addWidget(new QLabel(tr("Device"), this));
    source->addWidget(m_device);
    source->addWidget(m_serviceLocation);
    source->addSpacing(12);
    source->addWidget(m_cpe, 1);
    auto* match = new QHBoxLayout;
    match->addWidget(m_protocol);
    match->addWidget(new QLabel(tr("Inside port"), this));
    match->addWidget(m_insidePort);
    match->addWidget(new QLabel(tr("Public port"), this));
    match->addWidget(m_outsidePort);
    match->addStretch(1);
    match->addWidget(apply);
    auto* paging = new QHBoxLayout;
    paging->addWidget(m_previous);
    paging->addWidget(m_next);
    paging->addWidget(m_pageSize);
    paging->addWidget(m_pageLabel, 1);
    paging->addWidget(copy);
    paging->addWidget(exportCsv);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(source);
    layout->addLayout(match);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(paging);

    connect(apply, &QPushButton::clicked, this, &CgnTablesView::refresh);
    connect(m_cpe, &QLineEdit::returnPressed, this, &CgnTablesView::refresh);
    connect(m_device, &QComboBox::activated, this, &CgnTablesView::refresh);
    connect(m_pageSize, &QComboBox::activated, this, &CgnTablesView::refresh);
    connect(m_protocol, &QComboBox::activated, this, &CgnTablesView::refresh);
    connect(m_tabs, &QTabWidget::currentChanged, this, &CgnTablesView::refresh);
    connect(m_next, &QPushButton::clicked, this, &CgnTablesView::nextPage);
    connect(m_previous, &QPushButton::clicked, this, &CgnTablesView::previousPage);
    connect(copy, &QPushButton::clicked, this, &CgnTablesView::copySelection);
    connect(exportCsv, &QPushButton::clicked, this, &CgnTablesView::chooseExport);
    for (int side = 0; side < 2; ++side)
        connect(m_devices[size_t(side)], &client::DeviceMonitor::connectionStateChanged, this,
                [this, side](client::AgentClient::State state) { onDeviceState(side, state); });
    updateControls();
}

CgnTablesView::~CgnTablesView() = default;

void CgnTablesView::restoreLayout()
{
    for (int t = 0; t < TableCount; ++t) {
        const QByteArray saved = GuiSettings::tableHeaderState(kTableNames[t]);
        if (!saved.isEmpty() && m_tables[size_t(t)]->horizontalHeader()->restoreState(saved))
            m_autoSize[size_t(t)] = false;
    }
}

void CgnTablesView::saveLayout() const
{
    for (int t = 0; t < TableCount; ++t)
        GuiSettings::setTableHeaderState(kTableNames[t],
                                         m_tables[size_t(t)]->horizontalHeader()->saveState());
}

CgnPageModel* CgnTablesView::model(int table) const
{
    switch (table) {
    case Sessions:
        return m_sessionModel;
    case Users:
        return m_userModel;
    case PortBlocks:
        return m_portBlockModel;
    case Subnets:
        return m_subnetModel;
    default:
        return m_poolModel;
    }
}

int CgnTablesView::currentTable() const
{
    return m_tabs->currentIndex();
}

void CgnTablesView::setSource(int side, int serviceLocation)
{
    m_device->setCurrentIndex(side);
    m_serviceLocation->setValue(serviceLocation);
}

void CgnTablesView::setFilter(const QString& cpe, const QString& protocol, int insidePort,
                              int outsidePort)
{
    m_cpe->setText(cpe);
    m_protocol->setCurrentIndex(std::max(0, m_protocol->findData(protocol)));
    m_insidePort->setValue(insidePort);
    m_outsidePort->setValue(outsidePort);
}

void CgnTablesView::setPageSize(int rows)
{
    const int index = m_pageSize->findData(rows);
    if (index >= 0)
        m_pageSize->setCurrentIndex(index);
}

void CgnTablesView::onDeviceState(int side, client::AgentClient::State state)
{
    if (side != m_shownSide || (m_cursors.isEmpty() && !m_stale))
        return;
    if (state == client::AgentClient::State::Connected) {
        refresh();
    } else if (state == client::AgentClient::State::Disconnected && !m_stale) {
        m_stale = true;
        updateControls();
    }
}

void CgnTablesView::refresh()
{
    m_cursors.clear();
    fetch(QJsonValue());
}

void CgnTablesView::sortSessions(int column, Qt::SortOrder order)
{
    QString key;
    switch (column) {
    case SessionTableModel::Id:
        key = QStringLiteral("id");
        break;
    case SessionTableModel::User:
    case SessionTableModel::InsideAddress:
    case SessionTableModel::InsidePort:
        key = QStringLiteral("inside");
        break;
    case SessionTableModel::OutsideAddress:
    case SessionTableModel::OutsidePort:
        key = QStringLiteral("outside");
        break;
    case SessionTableModel::RemoteAddress:
    case SessionTableModel::RemotePort:
        key = QStringLiteral("remote");
        break;
    default:
        break;
    }
    QHeaderView* header = m_tables[Sessions]->horizontalHeader();
    const QSignalBlocker block(header);
    if (key.isEmpty()) {
        // Not a key the agent sorts by: the indicator goes back to the current order.
        header->setSortIndicator(header->sortIndicatorSection(), header->sortIndicatorOrder());
        return;
    }
    header->setSortIndicator(column, order);
    m_sortKey = key;
    m_sortDescending = order == Qt::DescendingOrder;
    if (currentTable() == Sessions)
        refresh();
}

bool CgnTablesView::hasNextPage() const
{
    const bool more = m_nextCursor.isString() ? !m_nextCursor.toString().isEmpty()
                                              : m_nextCursor.toInteger() != 0;
    return more && currentTable() != Pools && currentTable() != Subnets;
}

void CgnTablesView::nextPage()
{
    if (!hasNextPage() || m_fetching)
        return;
    fetch(m_nextCursor);
}

void CgnTablesView::previousPage()
{
    if (m_cursors.size() < 2 || m_fetching)
        return;
    m_cursors.removeLast();
    const QJsonValue cursor = m_cursors.takeLast();
    fetch(cursor);
}

void CgnTablesView::fetch(const QJsonValue& cursor)
{
    const int table = currentTable();
    client::DeviceMonitor* device = m_devices[size_t(std::max(0, m_device->currentIndex()))];
    QJsonObject params{{QStringLiteral("serviceLocation"), m_serviceLocation->value()}};
    QString method = QStringLiteral("cgn.pools");
    if (table == Subnets) {
        method = QStringLiteral("ha.status"); // the pools are the device's, not one location's
        params = {};
    } else if (table != Pools) {
        // Port blocks come with their users: a page of users, one row per block.
        method = table == Sessions ? QStringLiteral("cgn.sessions") : QStringLiteral("cgn.users");
        if (!cursor.isNull())
            params.insert(QStringLiteral("cursor"), cursor);
        params.insert(QStringLiteral("limit"), m_pageSize->currentData().toInt());
    }
    if (table == Sessions) {
        if (!m_cpe->text().trimmed().isEmpty())
            params.insert(QStringLiteral("cpe"), m_cpe->text().trimmed());
        if (!m_protocol->currentData().toString().isEmpty())
            params.insert(QStringLiteral("protocol"), m_protocol->currentData().toString());
        if (m_insidePort->value() >= 0)
            params.insert(QStringLiteral("insidePort"), m_insidePort->value());
        if (m_outsidePort->value() >= 0)
            params.insert(QStringLiteral("outsidePort"), m_outsidePort->value());
        if (m_sortKey != QLatin1String("id") || m_sortDescending) {
            params.insert(QStringLiteral("sort"), m_sortKey);
            params.insert(QStringLiteral("descending"), m_sortDescending);
        }
    }
    m_fetching = true;
    m_shownSide = std::max(0, m_device->currentIndex());
    const int generation = ++m_generation;
    updateControls();
    device->client().call(method, params,
                          [this, table, cursor, generation](
                              const QJsonValue& result, const std::optional<protocol::RpcError>& error) {
                              if (generation != m_generation)
                                  return;
                              onReply(table, cursor, result, error ? error->message : QString());
                          });
}

void CgnTablesView::onReply(int table, const QJsonValue& cursor, const QJsonValue& result,
                            const QString& error)
{
    m_fetching = false;
    m_lastError = error;
    m_stale = false;
    m_fetchedAt = QDateTime::currentDateTime();
    if (!error.isEmpty()) {
        model(table)->clear();
        m_nextCursor = QJsonValue();
        m_total = -1;
        m_rowsShown = 0;
        updateControls();
        return;
    }
    const QJsonObject o = result.toObject();
    if (table == Subnets) {
        const QJsonArray pools = o.value(QStringLiteral("pools")).toArray();
        const QJsonArray rows = SubnetModel::subnetRows(pools);
        m_subnetModel->setRows(rows);
        if (m_autoSize[size_t(table)] && !rows.isEmpty()) {
            m_tables[size_t(table)]->resizeColumnsToContents();
            m_autoSize[size_t(table)] = false;
        }
        QStringList said;
        for (const QJsonValue& v : pools) {
            const QJsonObject p = v.toObject();
            const QJsonValue equal = p.value(QStringLiteral("digestEqual"));
            const QString peer = equal.isUndefined() ? tr("not compared with the peer recently")
                                 : equal.toBool()    ? tr("the peer holds the same")
                                                     : tr("the peer's subnets DIFFER");
            said.append(tr("%1%2: %n subnet(s), %3 addresses free, %4", nullptr,
                           int(p.value(QStringLiteral("subnets")).toArray().size()))
                            .arg(p.value(QStringLiteral("name")).toString(),
                                 p.value(QStringLiteral("slave")).toBool() ? tr(" (slave)") : QString(),
                                 QLocale().toString(p.value(QStringLiteral("freeAddresses")).toInteger()),
                                 peer));
        }
        m_subnetSummary = said.isEmpty() ? tr("No load-balanced pool (nat-instance subnet length) on %1")
                                               .arg(m_device->currentText())
                                         : said.join(QStringLiteral(" · "));
        m_rowsShown = int(rows.size());
        m_cursors.append(cursor);
        m_nextCursor = QJsonValue();
        m_total = m_rowsShown;
        updateControls();
        return;
    }
    const QString key = table == Sessions                       ? QStringLiteral("sessions")
                        : table == Users || table == PortBlocks ? QStringLiteral("users")
                                                                : QStringLiteral("addresses");
    const QJsonArray rows = table == PortBlocks ? PortBlockTableModel::blockRows(o.value(key).toArray())
                                                : o.value(key).toArray();
    model(table)->setRows(rows);
    // Widths the user has not chosen fit the first page; later pages keep them steady.
    if (m_autoSize[size_t(table)] && !rows.isEmpty()) {
        m_tables[size_t(table)]->resizeColumnsToContents();
        m_autoSize[size_t(table)] = false;
    }
    m_rowsShown = int(rows.size());
    m_cursors.append(cursor);
    m_nextCursor = o.value(QStringLiteral("nextCursor"));
    m_total = o.contains(QStringLiteral("total")) ? qint64(o.value(QStringLiteral("total")).toDouble())
                                                   : qint64(rows.size());
    updateControls();
}

QString CgnTablesView::pageText() const
{
    return m_pageLabel->text();
}

void CgnTablesView::updateControls()
{
    const bool paged = currentTable() != Pools && currentTable() != Subnets;
    for (QWidget* w : std::initializer_list<QWidget*>{m_cpe, m_protocol, m_insidePort, m_outsidePort})
        w->setEnabled(currentTable() == Sessions);
    m_pageSize->setEnabled(paged);
    m_serviceLocation->setEnabled(currentTable() != Subnets); // the pools are the device's
    m_previous->setEnabled(paged && !m_fetching && m_cursors.size() > 1);
    m_next->setEnabled(paged && !m_fetching && hasNextPage());
    if (m_fetching) {
        m_pageLabel->setText(tr("Asking %1…").arg(m_device->currentText()));
    } else if (m_stale) {
        m_pageLabel->setText(
            tr("%1 is not connected: the rows shown are from %2, they are read "
               "again when it is back")
                .arg(m_devices[size_t(m_shownSide)]->endpoint().name,
                     QLocale().toString(m_fetchedAt.time(), QLocale::ShortFormat)));
    } else if (!m_lastError.isEmpty()) {
        m_pageLabel->setText(tr("%1 refused: %2").arg(m_device->currentText(), m_lastError));
    } else if (m_cursors.isEmpty()) {
        m_pageLabel->setText(tr("Choose a device and service-location, then Apply"));
    } else if (currentTable() == Subnets) {
        m_pageLabel->setText(m_subnetSummary);
    } else if (!paged) {
        m_pageLabel->setText(tr("%n address(es)", nullptr, m_rowsShown));
    } else {
        const bool filtered = currentTable() == Sessions &&
                              (!m_cpe->text().trimmed().isEmpty() || m_protocol->currentIndex() > 0 ||
                               m_insidePort->value() >= 0 || m_outsidePort->value() >= 0);
        QString text = tr("Page %1 · %2 rows").arg(pageNumber()).arg(m_rowsShown);
        if (currentTable() == PortBlocks)
            text += tr(" · the blocks of %1 users a page · %2 users in the table")
                        .arg(m_pageSize->currentData().toInt())
                        .arg(QLocale().toString(m_total));
        else
            text += filtered ? tr(" matching the filter · %1 in the table").arg(QLocale().toString(m_total))
                             : tr(" of %1").arg(QLocale().toString(m_total));
        if (hasNextPage())
            text += tr(" · more on the next page");
        m_pageLabel->setText(text);
    }
}

QString CgnTablesView::selectionAsText() const
{
    const QTableView* view = m_tables[size_t(currentTable())];
    QList<int> rows;
    for (const QModelIndex& index : view->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    QList<int> columns;
    const QHeaderView* header = view->horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    return model(currentTable())->toText(rows, columns);
}

void CgnTablesView::copySelection() const
{
    QApplication::clipboard()->setText(selectionAsText());
}

bool CgnTablesView::exportCsv(const QString& path, QString* error) const
{
    const QHeaderView* header = m_tables[size_t(currentTable())]->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(model(currentTable())->toCsv({}, columns).toUtf8()) < 0 || !file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void CgnTablesView::chooseExport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export this page as CSV"), kTableNames[currentTable()] + QStringLiteral(".csv"),
        tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

void CgnTablesView::showColumnMenu(int table, const QPoint& at)
{
    QHeaderView* header = m_tables[size_t(table)]->horizontalHeader();
    QMenu menu(this);
    const CgnPageModel* m = model(table);
    for (int column = 0; column < m->columnCount(); ++column) {
        QAction* action = menu.addAction(m->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        connect(action, &QAction::toggled, header,
                [header, column](bool on) { header->setSectionHidden(column, !on); });
    }
    menu.exec(header->mapToGlobal(at));
}

} // namespace tandem::gui
