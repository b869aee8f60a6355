<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConnectionStateDisplay</name>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Authenticating…</source>
        <translation>正在认证…</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>the pair did not show live status within %1 s (%2)</source>
        <translation>设备对在 %1 秒内未显示实时状态（%2）</translation>
    </message>
    <message>
        <source>Monitor and manage HA pairs of carrier-grade NAT devices.</source>
        <translation>监控和管理运营级 NAT 设备的双机热备对。</translation>
    </message>
    <message>
        <source>Open the lab pair described by DIR/lab.json.</source>
        <translation>打开 DIR/lab.json 描述的实验设备对。</translation>
    </message>
    <message>
        <source>Once both devices show live status, save a picture of the window to FILE and exit.</source>
        <translation>两台设备都显示实时状态后，将窗口截图保存到 FILE 并退出。</translation>
    </message>
    <message>
        <source>--screenshot needs --lab DIR</source>
        <translation>--screenshot 需要 --lab DIR</translation>
    </message>
    <message>
        <source>Cannot open lab</source>
        <translation>无法打开实验环境</translation>
    </message>
    <message>
        <source>Could not reopen the last lab: %1</source>
        <translation>无法重新打开上次的实验环境：%1</translation>
    </message>
    <message>
        <source>With --screenshot: keep the pair live this many seconds first (charts fill, failovers happen).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this tab of the pair first: dashboard, failovers or tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a dark palette.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::AddressPoolModel</name>
    <message>
        <source>Public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::CgnTablesView</name>
    <message>
        <source>◀ &amp;Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPE address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows a page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the agent again with these filters (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected rows (Ctrl+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the rows of this page as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address pools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished">设备</translation>
    </message>
    <message>
        <source>Inside port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a device and service-location, then Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n address(es)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Page %1 · %2 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> matching the filter · %1 in the table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · more on the next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this page as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::DeviceHeader</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>Waiting for the device&apos;s status…</source>
        <translation>正在等待设备状态…</translation>
    </message>
    <message>
        <source>No live status</source>
        <translation>无实时状态</translation>
    </message>
    <message>
        <source>No live status: %1</source>
        <translation>无实时状态：%1</translation>
    </message>
    <message>
        <source>%1 · agent up %2</source>
        <translation>%1 · 代理已运行 %2</translation>
    </message>
    <message>
        <source>live · changed just now</source>
        <translation>在线 · 刚刚变化</translation>
    </message>
    <message>
        <source>live · changed %1 ago</source>
        <translation>在线 · %1前变化</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>SLG master: %1 · slave: %2</source>
        <translation>SLG 主：%1 · 备：%2</translation>
    </message>
    <message>
        <source> · down: %1</source>
        <translation> · 故障：%1</translation>
    </message>
</context>
<context>
    <name>tandem::gui::EventLogDock</name>
    <message>
        <source>Event Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::EventLogModel</name>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished">设备</translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::FailoverPanel</name>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected switchover as a PNG timeline and JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded switchovers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No switchover is selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export switchover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::FailoverTimeline</name>
    <message>
        <source>Detection (old master silent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision → tables active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables active → first advert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 ms</source>
        <translation type="unfinished">%1 毫秒 {1 %2 ?}</translation>
    </message>
    <message>
        <source>No switchover recorded yet.
A switchover of this pair — manual, drill or real — appears here with each phase and its duration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1 became master on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1 moved from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · reason: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions: %1 in the standby copy at the decision → %2 live once active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (old master last served %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≤ %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished">%1 毫秒</translation>
    </message>
    <message>
        <source>Decision → first advert as master: %1 ms (tables were active before the advert: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NO</source>
        <translation type="unfinished">否</translation>
    </message>
</context>
<context>
    <name>tandem::gui::HotBackupModel</name>
    <message>
        <source>Device</source>
        <translation type="unfinished">设备</translation>
    </message>
    <message>
        <source>SLG</source>
        <translation type="unfinished">SLG</translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether the standby&apos;s table digest matched the master&apos;s at the last check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished">未连接</translation>
    </message>
    <message>
        <source>receiving %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receiving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>differ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Lab…</source>
        <translation>打开实验环境(&amp;O)…</translation>
    </message>
    <message>
        <source>Show the pair of a lab directory (one that holds lab.json)</source>
        <translation>显示实验目录（含 lab.json）中的设备对</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Tandem</source>
        <translation>关于 Tandem(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>No pair open</source>
        <translation>未打开设备对</translation>
    </message>
    <message>
        <source>Open a lab pair: File → Open lab…, or run &lt;code&gt;tandemctl lab up --dir DIR&lt;/code&gt; and then &lt;code&gt;tandem --lab DIR&lt;/code&gt;.</source>
        <translation>打开实验设备对：文件 → 打开实验环境…，或运行 &lt;code&gt;tandemctl lab up --dir DIR&lt;/code&gt;，然后运行 &lt;code&gt;tandem --lab DIR&lt;/code&gt;。</translation>
    </message>
    <message>
        <source>Open Lab…</source>
        <translation>打开实验环境…</translation>
    </message>
    <message>
        <source>Open Lab — choose the directory that holds lab.json</source>
        <translation>打开实验环境 — 选择包含 lab.json 的目录</translation>
    </message>
    <message>
        <source>Cannot open lab</source>
        <translation>无法打开实验环境</translation>
    </message>
    <message>
        <source>About Tandem</source>
        <translation>关于 Tandem</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tandem %1&lt;/h3&gt;&lt;p&gt;Monitors and manages HA pairs of carrier-grade NAT devices (inter-chassis hot backup): service-location groups and their VRRP groups, live from each device&apos;s tandem-agent.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tandem %1&lt;/h3&gt;&lt;p&gt;监控和管理运营级 NAT 设备的双机热备（机间热备份）对：业务板位置组及其 VRRP 备份组，实时数据来自各设备的 tandem-agent。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Tandem</source>
        <translation>Tandem</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No lab open</source>
        <translation>未打开实验环境</translation>
    </message>
    <message>
        <source>Lab: %1</source>
        <translation>实验环境：%1</translation>
    </message>
    <message>
        <source>&amp;Pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Failovers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No live status</source>
        <translation type="unfinished">无实时状态</translation>
    </message>
    <message>
        <source>Updated %1 s ago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::PairView</name>
    <message>
        <source>Service locations</source>
        <translation>业务板位置（Service location）</translation>
    </message>
    <message>
        <source>VRRP groups</source>
        <translation>VRRP 备份组</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Failovers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Switch Over Service-Location…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected service-location to the other device (asks first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;Batch Backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send every table entry of the selected service-location from its master to the standby</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hot backup per service-location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no device is master of the selected service-location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your role on %1 does not allow it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation type="unfinished">%1 未连接</translation>
    </message>
    <message>
        <source>Virtual IP %1 (VRID %2) moves with it. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch over service-location %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1 moves from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resigns as master; %2 activates its standby tables and then takes over. Sessions older than the sync lag are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch over to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switchover of service-location %1 to %2 requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switchover of service-location %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch backup of service-location %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch backup of service-location %1 started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1 became master on %2 (from %3; %4): tables active after %5 ms, first advert after %6 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no known master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection lost: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1: %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::ServiceLocationModel</name>
    <message>
        <source>SLG</source>
        <translation>SLG</translation>
    </message>
    <message>
        <source>%1 role</source>
        <translation>%1 角色</translation>
    </message>
    <message>
        <source>Master</source>
        <translation>主用设备</translation>
    </message>
    <message>
        <source>VRID</source>
        <translation>VRID</translation>
    </message>
    <message>
        <source>VRRP interface</source>
        <translation>VRRP 接口</translation>
    </message>
    <message>
        <source>Virtual IP</source>
        <translation>虚拟 IP</translation>
    </message>
    <message>
        <source>%1 VRRP</source>
        <translation>%1 VRRP</translation>
    </message>
    <message>
        <source>%1 priority</source>
        <translation>%1 优先级</translation>
    </message>
    <message>
        <source>Service-location group id</source>
        <translation>业务板位置组 ID</translation>
    </message>
    <message>
        <source>Role of the service-location on %1 (display service-location)</source>
        <translation>%1 上该业务板位置的角色（display service-location）</translation>
    </message>
    <message>
        <source>The device that is master of the service-location</source>
        <translation>该业务板位置的主用设备</translation>
    </message>
    <message>
        <source>The VRRP group the service-location follows</source>
        <translation>该业务板位置跟随的 VRRP 备份组</translation>
    </message>
    <message>
        <source>Virtual IP address of that VRRP group</source>
        <translation>该 VRRP 备份组的虚拟 IP 地址</translation>
    </message>
    <message>
        <source>VRRP state on %1</source>
        <translation>%1 上的 VRRP 状态</translation>
    </message>
    <message>
        <source>PriorityRun / PriorityConfig on %1</source>
        <translation>%1 上的 PriorityRun / PriorityConfig</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>master</source>
        <translation>主</translation>
    </message>
    <message>
        <source>slave</source>
        <translation>备</translation>
    </message>
    <message>
        <source>down</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Both devices claim master of SLG %1: split brain</source>
        <translation>两台设备都声明自己是 SLG %1 的主：脑裂</translation>
    </message>
    <message>
        <source>Not known while a device is not connected</source>
        <translation>有设备未连接时无法确定</translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation>%1 未连接</translation>
    </message>
    <message>
        <source>%1 is not connected: %2</source>
        <translation>%1 未连接：%2</translation>
    </message>
    <message>
        <source>%1 has no service-location %2</source>
        <translation>%1 上没有业务板位置 %2</translation>
    </message>
    <message>
        <source>%1: %2 on slot %3, remote backup over %4 to peer %5, batch backup %6</source>
        <translation>%1：槽位 %3 上为 %2，经 %4 与对端 %5 远程备份，批量备份 %6</translation>
    </message>
    <message>
        <source>%1 has no VRRP group %2 on %3</source>
        <translation>%1 的 %3 上没有 VRRP 备份组 %2</translation>
    </message>
    <message>
        <source>%1 runs with priority %2 instead of the configured %3 (tracking)</source>
        <translation>%1 的运行优先级为 %2，而非配置的 %3（联动）</translation>
    </message>
    <message>
        <source>%1: VRRP %2, master %3 (priority %4)</source>
        <translation>%1：VRRP %2，Master %3（优先级 %4）</translation>
    </message>
</context>
<context>
    <name>tandem::gui::SessionTableModel</name>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP state</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::SwitchoverModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG</source>
        <translation type="unfinished">SLG</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished">原因</translation>
    </message>
    <message>
        <source>Detection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision → tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables → advert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the old master was silent before the decision (the VRRP master-down interval); unknown for a manual switchover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the VRRP decision to the standby tables being active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the tables being active to the first advert as master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions in the standby copy at the decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions live once the tables were active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≤ %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished">%1 毫秒</translation>
    </message>
</context>
<context>
    <name>tandem::gui::SyncPanel</name>
    <message>
        <source>Backup channel and sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag (last / p99)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not configured</source>
        <translation type="unfinished">未配置</translation>
    </message>
    <message>
        <source>%1 · peer %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · peer %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 checked, %2 differed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG %1: %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 rec/s · ETA %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::TelemetryCharts</name>
    <message>
        <source>Sessions served</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync records/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup lag (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze the charts; samples are still collected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::TopologyView</name>
    <message>
        <source>MASTER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STANDBY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>board down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tables differ from the master&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status unknown — not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG %1 · slot %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sessions · %2 users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · batch %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · batch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>taking over…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 service-location %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished">未知</translation>
    </message>
    <message>
        <source>lag %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VIP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SPLIT BRAIN: both master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID %1 · master %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID %1 · no master</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::UserTableModel</name>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICMP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session limit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::VrrpGroupModel</name>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>VRID</source>
        <translation>VRID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Virtual IP</source>
        <translation>虚拟 IP</translation>
    </message>
    <message>
        <source>Master IP</source>
        <translation>Master IP</translation>
    </message>
    <message>
        <source>PriorityRun</source>
        <translation>PriorityRun</translation>
    </message>
    <message>
        <source>PriorityConfig</source>
        <translation>PriorityConfig</translation>
    </message>
    <message>
        <source>Preempt</source>
        <translation>抢占</translation>
    </message>
    <message>
        <source>Timer</source>
        <translation>定时器</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>最近变化</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Effective priority, after tracking reductions</source>
        <translation>生效优先级（已计入联动降低值）</translation>
    </message>
    <message>
        <source>Configured priority</source>
        <translation>配置的优先级</translation>
    </message>
    <message>
        <source>Preempt mode and delay</source>
        <translation>抢占模式及延迟</translation>
    </message>
    <message>
        <source>Advertisement interval</source>
        <translation>通告间隔</translation>
    </message>
    <message>
        <source>Last state change of the group and why it happened</source>
        <translation>备份组最近一次状态变化及其原因</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>否</translation>
    </message>
    <message>
        <source>YES</source>
        <translation>是</translation>
    </message>
    <message>
        <source>YES, delay %1 s</source>
        <translation>是，延迟 %1 秒</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation>%1 未连接</translation>
    </message>
    <message>
        <source>%1 is not connected: %2</source>
        <translation>%1 未连接：%2</translation>
    </message>
    <message>
        <source>Master priority %1; local address %2</source>
        <translation>Master 优先级 %1；本端地址 %2</translation>
    </message>
    <message>
        <source>Advertisement every %1 ms; master down after %2 ms</source>
        <translation>每 %1 毫秒通告一次；%2 毫秒后判定 Master 失效</translation>
    </message>
</context>
</TS>
