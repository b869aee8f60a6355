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
    <name>ModePicture</name>
    <message>
        <source>M</source>
        <translation>主</translation>
    </message>
    <message>
        <source>B</source>
        <translation>备</translation>
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
        <source>With --screenshot: keep the pair live this many seconds first (charts fill, failovers happen).</source>
        <translation>与 --screenshot 一起使用：先让双机运行这么多秒（图表填满，发生倒换）。</translation>
    </message>
    <message>
        <source>Open the lab pair described by DIR/lab.json (again for more pairs: one tab each).</source>
        <translation>打开 DIR/lab.json 描述的实验双机（重复使用可打开多对：每对一个标签页）。</translation>
    </message>
    <message>
        <source>Show the inventory of FILE (an inventory.json) instead of your own; it is not changed.</source>
        <translation>显示 FILE（一个 inventory.json）中的设备清单而不是您自己的；该文件不会被修改。</translation>
    </message>
    <message>
        <source>With --screenshot: picture the Add Pair dialog instead of the window.</source>
        <translation>与 --screenshot 一起使用：截取“添加双机”对话框而不是主窗口。</translation>
    </message>
    <message>
        <source>Could not reopen %1</source>
        <translation>无法重新打开 %1</translation>
    </message>
    <message>
        <source>With --screenshot: the window&apos;s size, WIDTHxHEIGHT (default: as it opens on this screen).</source>
        <translation>与 --screenshot 一起使用：窗口大小，宽x高（默认：在此屏幕上打开时的大小）。</translation>
    </message>
    <message>
        <source>Use the dark palette for this run (View → Appearance chooses it for good).</source>
        <translation>本次运行使用深色配色（“视图 → 外观”可永久选择）。</translation>
    </message>
    <message>
        <source>--screenshot-size needs WIDTHxHEIGHT, such as 1024x700, not &quot;%1&quot;</source>
        <translation>--screenshot-size 需要 宽x高，例如 1024x700，而不是“%1”</translation>
    </message>
    <message>
        <source>Show this tab of the pair first: dashboard, failovers, tables, config or changes.</source>
        <translation>首先显示设备对的此标签页：dashboard、failovers、tables、config 或 changes。</translation>
    </message>
    <message>
        <source>--tab must be dashboard, failovers, tables, config or changes, not &quot;%1&quot;</source>
        <translation>--tab 须为 dashboard、failovers、tables、config 或 changes，而不是“%1”</translation>
    </message>
</context>
<context>
    <name>tandem::gui::AddressPoolModel</name>
    <message>
        <source>Public address</source>
        <translation>公网地址</translation>
    </message>
    <message>
        <source>Address group</source>
        <translation>地址组</translation>
    </message>
    <message>
        <source>Blocks used</source>
        <translation>已用端口块</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>端口块</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>使用率</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>子网</translation>
    </message>
</context>
<context>
    <name>tandem::gui::BackupChannelPage</name>
    <message>
        <source>Backup channel</source>
        <translation>备份通道</translation>
    </message>
    <message>
        <source>The link the sessions are copied over. Each device&apos;s peer is the other column: what you type for one is what the other connects to.</source>
        <translation>会话经由此链路复制。每台设备的对端就是另一列：为一台设备填写的地址，就是另一台设备要连接的地址。</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Prefix length</source>
        <translation>前缀长度</translation>
    </message>
    <message>
        <source>Uplink (tracked)</source>
        <translation>上行接口（联动）</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Remote backup service (both devices)</source>
        <translation>远程备份服务（两台设备）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Authentication key</source>
        <translation>认证密钥</translation>
    </message>
    <message>
        <source>8-16 characters; empty: none</source>
        <translation>8-16 个字符；留空表示不认证</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
</context>
<context>
    <name>tandem::gui::BatchBackupPage</name>
    <message>
        <source>Repeat periodically (timer-interval)</source>
        <translation>周期性重复（timer-interval）</translation>
    </message>
    <message>
        <source>Batch backup</source>
        <translation>批量备份</translation>
    </message>
    <message>
        <source>A batch backup copies the master&apos;s whole session table to the backup, so a backup that restarted or lost the channel catches up.</source>
        <translation>批量备份将主用的整个会话表复制到备用，使重启过或曾断开通道的备用追上主用。</translation>
    </message>
    <message>
        <source>Batch backup when the channel comes up (batch-backup service-type nat enable)</source>
        <translation>通道建立时进行批量备份（batch-backup service-type nat enable）</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Without an interval a batch runs only when the channel comes up; a periodic one repairs what incremental backup missed, at the cost of channel bandwidth while it runs.</source>
        <translation>不设间隔时，批量备份只在通道建立时运行；周期性批量备份能修复实时备份遗漏的表项，代价是运行期间占用通道带宽。</translation>
    </message>
</context>
<context>
    <name>tandem::gui::CgnTablesView</name>
    <message>
        <source>◀ &amp;Previous</source>
        <translation>◀ 上一页(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation>下一页(&amp;N) ▶</translation>
    </message>
    <message>
        <source>SLG </source>
        <translation>SLG </translation>
    </message>
    <message>
        <source>CPE address</source>
        <translation>CPE 地址</translation>
    </message>
    <message>
        <source>any protocol</source>
        <translation>任意协议</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>%1 rows a page</source>
        <translation>每页 %1 行</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>Ask the agent again with these filters (Enter)</source>
        <translation>按这些条件重新向代理查询（Enter）</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected rows (Ctrl+C)</source>
        <translation>复制所选行（Ctrl+C）</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Save the rows of this page as CSV</source>
        <translation>将本页的行保存为 CSV</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Address pools</source>
        <translation>地址池</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Inside port</source>
        <translation>私网端口</translation>
    </message>
    <message>
        <source>Public port</source>
        <translation>公网端口</translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation>正在查询 %1…</translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation>%1 拒绝：%2</translation>
    </message>
    <message>
        <source>Choose a device and service-location, then Apply</source>
        <translation>选择设备和 HA 备份组，然后点击应用</translation>
    </message>
    <message numerus="yes">
        <source>%n address(es)</source>
        <translation>
            <numerusform>%n 个地址</numerusform>
        </translation>
    </message>
    <message>
        <source>Page %1 · %2 rows</source>
        <translation>第 %1 页 · %2 行</translation>
    </message>
    <message>
        <source> matching the filter · %1 in the table</source>
        <translation> 符合条件 · 表中共 %1</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation> / 共 %1</translation>
    </message>
    <message>
        <source> · more on the next page</source>
        <translation> · 下一页还有</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export this page as CSV</source>
        <translation>将本页导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Port blocks</source>
        <translation>端口块</translation>
    </message>
    <message>
        <source> · the blocks of %1 users a page · %2 users in the table</source>
        <translation> · 每页 %1 个用户的端口块 · 表中共 %2 个用户</translation>
    </message>
    <message>
        <source>%1 is not connected: the rows shown are from %2, they are read again when it is back</source>
        <translation>%1 未连接：显示的是 %2 的数据，连接恢复后重新读取</translation>
    </message>
    <message>
        <source>Subnets</source>
        <translation>子网</translation>
    </message>
    <message>
        <source>not compared with the peer recently</source>
        <translation>近期未与对端比较</translation>
    </message>
    <message>
        <source>the peer holds the same</source>
        <translation>对端持有相同的子网</translation>
    </message>
    <message>
        <source>the peer&apos;s subnets DIFFER</source>
        <translation>对端的子网不同</translation>
    </message>
    <message numerus="yes">
        <source>%1%2: %n subnet(s), %3 addresses free, %4</source>
        <translation>
            <numerusform>%1%2：%n 个子网，%3 个空闲地址，%4</numerusform>
        </translation>
    </message>
    <message>
        <source> (slave)</source>
        <translation>（slave）</translation>
    </message>
    <message>
        <source>No load-balanced pool (nat-instance subnet length) on %1</source>
        <translation>%1 上没有负载分担地址池（nat-instance subnet length）</translation>
    </message>
</context>
<context>
    <name>tandem::gui::ConfigEditor</name>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行配置</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>候选配置</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation>差异(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Validate on device</source>
        <translation>在设备上校验(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Commit</source>
        <translation>提交(&amp;C)</translation>
    </message>
    <message>
        <source>Commit c&amp;onfirmed</source>
        <translation>确认式提交(&amp;O)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Con&amp;firm</source>
        <translation>确认(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Rollback</source>
        <translation>回滚(&amp;R)</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>历史：</translation>
    </message>
    <message>
        <source>Could not read the running configuration: %1</source>
        <translation>无法读取运行配置：%1</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source> (fix: %1)</source>
        <translation>（修正：%1）</translation>
    </message>
    <message>
        <source>The candidate equals the running configuration.</source>
        <translation>候选配置与运行配置相同。</translation>
    </message>
    <message>
        <source>No object changed.</source>
        <translation>没有对象变化。</translation>
    </message>
    <message>
        <source>Objects changed:
%1</source>
        <translation>变化的对象：
%1</translation>
    </message>
    <message>
        <source>No object summary: the candidate does not parse.</source>
        <translation>无对象摘要：候选配置无法解析。</translation>
    </message>
    <message>
        <source>Validation failed: %1</source>
        <translation>校验失败：%1</translation>
    </message>
    <message>
        <source>The device accepts the candidate.</source>
        <translation>设备接受该候选配置。</translation>
    </message>
    <message>
        <source>The device refuses the candidate.</source>
        <translation>设备拒绝该候选配置。</translation>
    </message>
    <message>
        <source>from the config editor</source>
        <translation>来自配置编辑器</translation>
    </message>
    <message>
        <source>Commit failed: %1</source>
        <translation>提交失败：%1</translation>
    </message>
    <message>
        <source>Commit refused: %1</source>
        <translation>提交被拒绝：%1</translation>
    </message>
    <message>
        <source>Committed as #%1.</source>
        <translation>已提交为 #%1。</translation>
    </message>
    <message>
        <source>Commit #%1 rolls back in %2 s unless confirmed.</source>
        <translation>提交 #%1 若未确认，将在 %2 s 后回滚。</translation>
    </message>
    <message>
        <source>Commit #%1 confirmed.</source>
        <translation>提交 #%1 已确认。</translation>
    </message>
    <message>
        <source>Confirm failed: %1</source>
        <translation>确认失败：%1</translation>
    </message>
    <message>
        <source>#%1 %2 by %3</source>
        <translation>#%1 %2（%3）</translation>
    </message>
    <message>
        <source> (running)</source>
        <translation>（运行中）</translation>
    </message>
    <message>
        <source>Rolled back: #%1 runs.</source>
        <translation>已回滚：当前运行 #%1。</translation>
    </message>
    <message>
        <source>Rollback failed: %1</source>
        <translation>回滚失败：%1</translation>
    </message>
    <message>
        <source>Commit #%1: the confirm deadline passed; asking the device…</source>
        <translation>提交 #%1：确认期限已过；正在询问设备…</translation>
    </message>
    <message>
        <source>Commit #%1: the device did not say whether it rolled back: %2</source>
        <translation>提交 #%1：设备未答复是否已回滚：%2</translation>
    </message>
    <message>
        <source>Commit #%1 is still pending on the device after its deadline.</source>
        <translation>提交 #%1 在期限过后仍在设备上待确认。</translation>
    </message>
    <message>
        <source>Commit #%1 was confirmed (not from here).</source>
        <translation>提交 #%1 已被确认（并非由此处确认）。</translation>
    </message>
    <message>
        <source>Commit #%1 was not confirmed: the device rolled it back; #%2 runs.</source>
        <translation>提交 #%1 未被确认：设备已将其回滚；当前运行 #%2。</translation>
    </message>
</context>
<context>
    <name>tandem::gui::DeviceDialog</name>
    <message>
        <source>Device A</source>
        <translation>设备 A</translation>
    </message>
    <message>
        <source>Device B</source>
        <translation>设备 B</translation>
    </message>
    <message>
        <source>Add Pair</source>
        <translation>添加设备对</translation>
    </message>
    <message>
        <source>e.g. Berlin CGN pair 1 (default: the device names)</source>
        <translation>例如 Berlin CGN pair 1（默认：设备名称）</translation>
    </message>
    <message>
        <source>none (top level)</source>
        <translation>无（顶层）</translation>
    </message>
    <message>
        <source>site, rack, contract… — the filter searches it</source>
        <translation>站点、机架、合同… — 筛选时会搜索</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation>描述(&amp;E)：</translation>
    </message>
    <message>
        <source>TLS (agent port)</source>
        <translation>TLS（代理端口）</translation>
    </message>
    <message>
        <source>SSH (tandem subsystem)</source>
        <translation>SSH（tandem 子系统）</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>SSH key file</source>
        <translation>SSH 密钥文件</translation>
    </message>
    <message>
        <source>ssh-agent</source>
        <translation>ssh-agent</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>none yet: asked at first connect</source>
        <translation>尚无：首次连接时询问</translation>
    </message>
    <message>
        <source>Forget Pin</source>
        <translation>忘记固定密钥</translation>
    </message>
    <message>
        <source>management address or host name</source>
        <translation>管理地址或主机名</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Transport:</source>
        <translation>传输方式：</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation>认证：</translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation>密钥文件：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Pinned key:</source>
        <translation>固定密钥：</translation>
    </message>
    <message>
        <source>SSH private key for %1</source>
        <translation>%1 的 SSH 私钥</translation>
    </message>
    <message>
        <source>read from lab.json</source>
        <translation>从 lab.json 读取</translation>
    </message>
    <message>
        <source>SSH password, if the device also wants one</source>
        <translation>SSH 密码（如果设备还需要）</translation>
    </message>
    <message>
        <source>empty: keep the saved one</source>
        <translation>留空：保留已保存的</translation>
    </message>
    <message>
        <source>kept in the keychain, never in a file</source>
        <translation>保存在钥匙串中，从不写入文件</translation>
    </message>
    <message>
        <source>Use after the device was reinstalled: the next connect shows its new %1 for you to accept</source>
        <translation>设备重装后使用：下次连接时显示其新的%1供您接受</translation>
    </message>
    <message>
        <source>host key</source>
        <translation>主机密钥</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>%1: enter the device&apos;s name</source>
        <translation>%1：请输入设备名称</translation>
    </message>
    <message>
        <source>%1: enter the host (management address or host name)</source>
        <translation>%1：请输入主机（管理地址或主机名）</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not an IP address or host name</source>
        <translation>%1：“%2”不是 IP 地址或主机名</translation>
    </message>
    <message>
        <source>%1: the port must be a number from 1 to 65535</source>
        <translation>%1：端口必须是 1 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>%1: enter the user</source>
        <translation>%1：请输入用户</translation>
    </message>
    <message>
        <source>%1: choose the SSH key file</source>
        <translation>%1：请选择 SSH 密钥文件</translation>
    </message>
    <message>
        <source>the two devices need different names</source>
        <translation>两台设备需要不同的名称</translation>
    </message>
    <message>
        <source>Edit Pair — %1</source>
        <translation>编辑设备对 — %1</translation>
    </message>
    <message>
        <source>Saving the passwords in the keychain…</source>
        <translation>正在将密码保存到钥匙串…</translation>
    </message>
    <message>
        <source>The passwords were not saved. %1.
Save the pair without them: Tandem keeps them in memory until it quits and asks for them at the next connect after that.</source>
        <translation>密码未保存。%1。
不带密码保存双机：Tandem 在退出前将密码保存在内存中，之后下次连接时会再次询问。</translation>
    </message>
    <message>
        <source>Save Without Passwords</source>
        <translation>不保存密码</translation>
    </message>
</context>
<context>
    <name>tandem::gui::DeviceHeader</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
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
        <translation>实时 · 刚刚变化</translation>
    </message>
    <message>
        <source>live · changed %1 ago</source>
        <translation>实时 · %1前变化</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>SLG master: %1 · slave: %2</source>
        <translation>SLG 主用：%1 · 备用：%2</translation>
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
        <translation>事件日志</translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation>%1 及以上</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>tandem::gui::EventLogModel</name>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Not acknowledged (Pair → Acknowledge Alarms)</source>
        <translation>未确认（设备对 → 确认告警）</translation>
    </message>
</context>
<context>
    <name>tandem::gui::FailoverPanel</name>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the selected switchover as a PNG timeline and JSON</source>
        <translation>将所选倒换保存为 PNG 时间线和 JSON</translation>
    </message>
    <message>
        <source>Recorded switchovers</source>
        <translation>已记录的倒换</translation>
    </message>
    <message>
        <source>No switchover is selected</source>
        <translation>未选择倒换</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export switchover</source>
        <translation>导出倒换</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>tandem::gui::FailoverTimeline</name>
    <message>
        <source>Detection (old master silent)</source>
        <translation>检测（原主用静默）</translation>
    </message>
    <message>
        <source>Decision → tables active</source>
        <translation>决策 → 表项生效</translation>
    </message>
    <message>
        <source>Tables active → first advert</source>
        <translation>表项生效 → 首个通告</translation>
    </message>
    <message>
        <source>%1 %2 ms</source>
        <translation>%1 %2 ms</translation>
    </message>
    <message>
        <source>No switchover recorded yet.
A switchover of this pair — manual, drill or real — appears here with each phase and its duration.</source>
        <translation>尚未记录倒换。
此双机的倒换（手动、演练或真实故障）会在此显示，包括每个阶段及其时长。</translation>
    </message>
    <message>
        <source>service-location %1 became master on %2</source>
        <translation>HA 备份组 %1 在 %2 上成为主用</translation>
    </message>
    <message>
        <source>service-location %1 moved from %2 to %3</source>
        <translation>HA 备份组 %1 从 %2 倒换到 %3</translation>
    </message>
    <message>
        <source>Sessions: %1 in the standby copy at the decision → %2 live once active</source>
        <translation>会话：决策时备份副本中 %1 个 → 激活后在用 %2 个</translation>
    </message>
    <message>
        <source>Detection</source>
        <translation>检测</translation>
    </message>
    <message>
        <source>≤ %1 ms</source>
        <translation>≤ %1 ms</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Decision → first advert as master: %1 ms (tables were active before the advert: %2)</source>
        <translation>决策 → 作为主用的首个通告：%1 ms（通告前表项已激活：%2）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Detection (master resigned)</source>
        <translation>检测（主用主动放弃）</translation>
    </message>
    <message>
        <source>Detection (preempt delay)</source>
        <translation>检测（抢占延迟）</translation>
    </message>
    <message>
        <source>Old master last served %1</source>
        <translation>原主用最后服务于 %1</translation>
    </message>
    <message>
        <source>: %1 younger than delay-time, not backed up by design; %2 in its backlog, lost</source>
        <translation>：%1 个短于 delay-time，按设计不备份；%2 个在积压队列中，已丢失</translation>
    </message>
    <message>
        <source>%1 · %2 · total %3 ms</source>
        <translation>%1 · %2 · 总计 %3 ms</translation>
    </message>
</context>
<context>
    <name>tandem::gui::FingerprintDialog</name>
    <message>
        <source>SSH host key</source>
        <translation>SSH 主机密钥</translation>
    </message>
    <message>
        <source>TLS certificate</source>
        <translation>TLS 证书</translation>
    </message>
    <message>
        <source>New %1 — %2</source>
        <translation>新的%1 — %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) presents a %3 Tandem has not seen for this device.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2）出示了 Tandem 从未见过的%3。</translation>
    </message>
    <message>
        <source>Compare it with &lt;code&gt;ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub&lt;/code&gt; on the device&apos;s console. Accept only if they are the same.</source>
        <translation>请与设备控制台上 &lt;code&gt;ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub&lt;/code&gt; 的输出比较，一致时才接受。</translation>
    </message>
    <message>
        <source>Compare it with &lt;code&gt;tandem-agent --config FILE --fingerprint&lt;/code&gt; on the device&apos;s console. Accept only if they are the same.</source>
        <translation>请与设备控制台上 &lt;code&gt;tandem-agent --config FILE --fingerprint&lt;/code&gt; 的输出比较，一致时才接受。</translation>
    </message>
    <message>
        <source>Accepted, it is pinned on this device (never on a virtual IP, which moves between the devices of a pair); a different key later is refused.</source>
        <translation>接受后，该密钥固定到此设备（而不是在两台设备间漂移的虚拟 IP）；以后出现不同的密钥将被拒绝。</translation>
    </message>
    <message>
        <source>Accept and Connect</source>
        <translation>接受并连接</translation>
    </message>
</context>
<context>
    <name>tandem::gui::HaHotBackupPage</name>
    <message>
        <source>HA hot backup</source>
        <translation>HA 热备份</translation>
    </message>
    <message>
        <source>The master copies each session to the backup, so a switchover keeps the users&apos; sessions.</source>
        <translation>主用将每个会话复制到备用，因此倒换后用户的会话得以保留。</translation>
    </message>
    <message>
        <source>Enable hot backup (service-ha hot-backup enable)</source>
        <translation>使能热备份（service-ha hot-backup enable）</translation>
    </message>
    <message>
        <source>Delay time</source>
        <translation>延迟时间（delay-time）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>A session is backed up only once it has lived this long. Short sessions (DNS, a quick HTTP request) that end sooner are never copied and are lost on a switchover; a longer delay means less backup traffic but more such sessions. The default of 1 s backs up nearly everything.</source>
        <translation>会话存活达到此时长后才会被备份。更早结束的短会话（DNS、一次简短的 HTTP 请求）从不复制，倒换时会丢失；延迟越长，备份流量越少，但这类会话越多。缺省值 1 s几乎备份所有会话。</translation>
    </message>
</context>
<context>
    <name>tandem::gui::HotBackupModel</name>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>SLG</source>
        <translation>SLG</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>业务板</translation>
    </message>
    <message>
        <source>Batch backup</source>
        <translation>批量备份</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Port blocks</source>
        <translation>端口块</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>表项</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>receiving</source>
        <translation>接收中</translation>
    </message>
    <message>
        <source>in step</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>differ</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>停滞</translation>
    </message>
    <message>
        <source>unfinished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>%1 %2%</source>
        <translation>%1 %2%</translation>
    </message>
    <message>
        <source>%1, %2 behind</source>
        <translation>%1，落后 %2</translation>
    </message>
    <message>
        <source>In step: every session older than service-ha delay-time is on the peer — the channel is up, the latest digest comparison (every 5 s) was made on these tables and found them equal, and nothing is missing. Younger sessions are not backed up, by design; the master counts them.</source>
        <translation>一致：所有存在时间超过 service-ha delay-time 的会话都已在对端——通道已建立，最近一次摘要比较（每 5 秒）基于当前表项且结果相等，没有缺失。更新的会话按设计不备份；主用会统计其数量。</translation>
    </message>
    <message>
        <source>in step · %1 younger than delay-time</source>
        <translation>一致 · %1 个短于 delay-time</translation>
    </message>
    <message>
        <source>not in step</source>
        <translation>不一致</translation>
    </message>
</context>
<context>
    <name>tandem::gui::HotBackupWizard</name>
    <message>
        <source>Hot-backup wizard</source>
        <translation>热备份向导</translation>
    </message>
</context>
<context>
    <name>tandem::gui::InventoryModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Labs</source>
        <translation>实验环境</translation>
    </message>
    <message>
        <source>Lab %1</source>
        <translation>实验环境 %1</translation>
    </message>
    <message>
        <source>tandemctl lab in %1</source>
        <translation>%1 中的 tandemctl 实验环境</translation>
    </message>
    <message>
        <source>%1
Lab pair: credentials are read from %2</source>
        <translation>%1
实验设备对：凭据从 %2 读取</translation>
    </message>
    <message>
        <source>SSH</source>
        <translation>SSH</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>%1 over %2
%3</source>
        <translation>%1，经 %2
%3</translation>
    </message>
    <message>
        <source>No key pinned yet: the first connect asks</source>
        <translation>尚未固定密钥：首次连接时询问</translation>
    </message>
    <message>
        <source>Pinned: %1</source>
        <translation>已固定：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>tandem::gui::LoadBalancingPage</name>
    <message>
        <source>Load balancing</source>
        <translation>负载分担</translation>
    </message>
    <message>
        <source>The pool is slave on the backup device; the NAT address steers the traffic to the master chassis.</source>
        <translation>地址池在备用设备上为 slave；NAT 地址将流量引导到主用框。</translation>
    </message>
    <message>
        <source>NAT instance</source>
        <translation>NAT 实例</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>地址池</translation>
    </message>
    <message>
        <source>nat ip-address</source>
        <translation>nat ip-address</translation>
    </message>
    <message>
        <source>Prefix length</source>
        <translation>前缀长度</translation>
    </message>
    <message>
        <source>VPN instance (optional)</source>
        <translation>VPN 实例（可选）</translation>
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
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>No pair open</source>
        <translation>未打开设备对</translation>
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
        <translation>&lt;h3&gt;Tandem %1&lt;/h3&gt;&lt;p&gt;监控和管理运营级 NAT 设备的 HA 设备对（机间热备份）：HA 备份组（service-location）及其 VRRP 备份组，数据实时来自各设备的 tandem-agent。&lt;/p&gt;</translation>
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
        <source>Lab: %1</source>
        <translation>实验环境：%1</translation>
    </message>
    <message>
        <source>&amp;Pair</source>
        <translation>设备对(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>概览(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Failovers</source>
        <translation>倒换记录(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Tables</source>
        <translation>表项(&amp;T)</translation>
    </message>
    <message>
        <source>No live status</source>
        <translation>无实时状态</translation>
    </message>
    <message>
        <source>Updated %1 s ago</source>
        <translation>%1 s 前更新</translation>
    </message>
    <message>
        <source>Inventory not loaded: %1</source>
        <translation>未能加载设备清单：%1</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Connect cancelled</source>
        <translation>已取消连接</translation>
    </message>
    <message>
        <source>%1@%2 (%3)</source>
        <translation>%1@%2（%3）</translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation>%1 的密码</translation>
    </message>
    <message>
        <source>%1

Password for %2 (kept in memory until Tandem quits):</source>
        <translation>%1

%2 的密码（仅保存在内存中，直到 Tandem 退出）：</translation>
    </message>
    <message>
        <source>TLS certificate</source>
        <translation>TLS 证书</translation>
    </message>
    <message>
        <source>SSH host key</source>
        <translation>SSH 主机密钥</translation>
    </message>
    <message>
        <source>%1 of %2 changed</source>
        <translation>%2 的%1已变化</translation>
    </message>
    <message>
        <source>%1 (%2) presented a %3 other than the one pinned for it. Tandem did not connect and sent no credentials.</source>
        <translation>%1（%2）出示的%3与固定的不同。Tandem 没有连接，也没有发送任何凭据。</translation>
    </message>
    <message>
        <source>Expected: %1
Got: %2

Keys are pinned per device, never per virtual IP, so a failover cannot cause this. Either the device was reinstalled or its key regenerated, or something else answers at %3. Check the fingerprint on the device&apos;s console; if the device was reinstalled, remove the pin in Edit Pair (Forget Pin) and connect again.</source>
        <translation>预期：%1
实际：%2

密钥按设备固定，而不是按虚拟 IP，因此倒换不会导致这种情况。要么设备已重装或重新生成了密钥，要么 %3 上应答的是别的东西。请在设备控制台上核对指纹；如果设备已重装，请在编辑设备对中删除固定密钥（忘记固定密钥）后重新连接。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Inventory not saved: %1</source>
        <translation>未能保存设备清单：%1</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>设备清单</translation>
    </message>
    <message>
        <source>Filter: name, address, description</source>
        <translation>筛选：名称、地址、描述</translation>
    </message>
    <message>
        <source>New &amp;Folder…</source>
        <translation>新建文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Add Pair…</source>
        <translation>添加设备对(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit Pair…</source>
        <translation>编辑设备对(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开(&amp;D)</translation>
    </message>
    <message>
        <source>Add a folder to the inventory</source>
        <translation>向设备清单添加文件夹</translation>
    </message>
    <message>
        <source>Add an HA pair: its two devices, how to reach them and log in</source>
        <translation>添加 HA 设备对：两台设备、访问方式和登录方式</translation>
    </message>
    <message>
        <source>Change the selected pair: addresses, transport, credentials, pins</source>
        <translation>修改所选设备对：地址、传输方式、凭据、固定密钥</translation>
    </message>
    <message>
        <source>Remove the selected pair (and its saved passwords) or folder</source>
        <translation>删除所选设备对（及其保存的密码）或文件夹</translation>
    </message>
    <message>
        <source>Connect to the selected pair and show its dashboard</source>
        <translation>连接所选设备对并显示其概览</translation>
    </message>
    <message>
        <source>Disconnect from the selected pair when it is open, else from the current tab&apos;s</source>
        <translation>断开所选设备对（若已打开），否则断开当前标签页的设备对</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>新建文件夹</translation>
    </message>
    <message>
        <source>Folder name:</source>
        <translation>文件夹名称：</translation>
    </message>
    <message>
        <source>%1 changed</source>
        <translation>%1 已修改</translation>
    </message>
    <message>
        <source>%1 added</source>
        <translation>%1 已添加</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <source>Remove %1 from the inventory and its saved passwords from the keychain?</source>
        <translation>从设备清单中删除 %1，并从钥匙串中删除其保存的密码？</translation>
    </message>
    <message>
        <source>&amp;Close Pair Tab</source>
        <translation>关闭设备对标签页(&amp;C)</translation>
    </message>
    <message>
        <source>Disconnect from the current tab&apos;s pair and close its tab</source>
        <translation>断开当前标签页的设备对并关闭该标签页</translation>
    </message>
    <message>
        <source>&amp;Inventory</source>
        <translation>设备清单(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Filter…</source>
        <translation>筛选(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Next Pair</source>
        <translation>下一个设备对(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Pair</source>
        <translation>上一个设备对(&amp;P)</translation>
    </message>
    <message>
        <source>Connect to a pair of the inventory (double-click it), add one with Inventory → Add Pair (Ctrl+N), or open a lab pair: File → Open lab…, or run &lt;code&gt;tandemctl lab up --dir DIR&lt;/code&gt; and then &lt;code&gt;tandem --lab DIR&lt;/code&gt;.</source>
        <translation>连接设备清单中的设备对（双击），用 设备清单 → 添加设备对（Ctrl+N）添加，或打开实验设备对：文件 → 打开实验环境…，或运行 &lt;code&gt;tandemctl lab up --dir DIR&lt;/code&gt; 后再运行 &lt;code&gt;tandem --lab DIR&lt;/code&gt;。</translation>
    </message>
    <message>
        <source>%1 — lab in %2</source>
        <translation>%1 — %2 中的实验环境</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>No Chinese font found: install one (Debian: fonts-noto-cjk) and start Tandem again</source>
        <translation>未找到中文字体：请安装一种（Debian：fonts-noto-cjk）后重新启动 Tandem</translation>
    </message>
    <message>
        <source>The lab in %1 was started again: connected with its new lab.json</source>
        <translation>%1 中的实验环境已重新启动：已按新的 lab.json 连接</translation>
    </message>
    <message>
        <source>Cannot open the lab again: %1</source>
        <translation>无法重新打开实验环境：%1</translation>
    </message>
    <message>
        <source>The key of %1 was not accepted: Tandem did not connect to it</source>
        <translation>未接受 %1 的密钥：Tandem 没有连接该设备</translation>
    </message>
    <message>
        <source>%1 presents a key Tandem has not seen: compare it and accept or cancel</source>
        <translation>%1 出示了 Tandem 未见过的密钥：请比较后接受或取消</translation>
    </message>
    <message>
        <source>Key pinned; the pair is not open</source>
        <translation>密钥已固定；该设备对未打开</translation>
    </message>
    <message>
        <source>Key pinned; connecting to %1…</source>
        <translation>密钥已固定；正在连接 %1…</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>外观(&amp;A)</translation>
    </message>
    <message>
        <source>Follow &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Hot-backup wizard…</source>
        <translation>热备份向导(&amp;H)…</translation>
    </message>
    <message>
        <source>%1 #%2 (%3 s)</source>
        <translation>%1 #%2（%3 s）</translation>
    </message>
    <message>
        <source>Con&amp;firm %1</source>
        <translation>确认(&amp;F) %1</translation>
    </message>
    <message>
        <source>Confirm the pending commit: without it the device rolls it back by itself</source>
        <translation>确认待确认的提交：否则设备会自行回滚</translation>
    </message>
</context>
<context>
    <name>tandem::gui::ModePage</name>
    <message>
        <source>1:1 — one device is master of every service-location, the other only backs it up.</source>
        <translation>1:1 — 一台设备是所有 HA 备份组的主用，另一台只做备份。</translation>
    </message>
    <message>
        <source>1+1 — each device is master of some service-locations and backs up the other&apos;s.</source>
        <translation>1+1 — 每台设备是部分 HA 备份组的主用，同时备份对方的 HA 备份组。</translation>
    </message>
    <message>
        <source>Load balancing (the NAT pool is slave on the backup, nat ip-address steers traffic to the master)</source>
        <translation>负载分担（NAT 地址池在备用上为 slave，nat ip-address 将流量引导到主用）</translation>
    </message>
    <message>
        <source>VPN over NAT (VPN instances on both devices)</source>
        <translation>VPN over NAT（两台设备上的 VPN 实例）</translation>
    </message>
    <message>
        <source>Batch backup options (when the master sends its whole tables)</source>
        <translation>批量备份选项（主用何时发送其全部表项）</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>How the two devices share the service-locations.</source>
        <translation>两台设备如何分担 HA 备份组。</translation>
    </message>
    <message>
        <source>Also configure</source>
        <translation>同时配置</translation>
    </message>
</context>
<context>
    <name>tandem::gui::PairChangesView</name>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation>差异(&amp;I)</translation>
    </message>
    <message>
        <source>Two rows: what each device ran at one against the other. One row: against what runs now.</source>
        <translation>选两行：比较每台设备在两者时运行的配置。选一行：与当前运行的配置比较。</translation>
    </message>
    <message>
        <source>&amp;Restore Pair Revision…</source>
        <translation>恢复双机版本(&amp;R)…</translation>
    </message>
    <message>
        <source>Push the selected pair revision&apos;s configurations to both devices again: verified, then confirmed or rolled back</source>
        <translation>将所选双机版本的配置重新下发到两台设备：经验证后确认，或回滚</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>History not read: %1</source>
        <translation>未读取到历史：%1</translation>
    </message>
    <message>
        <source>device only</source>
        <translation>仅单台设备</translation>
    </message>
    <message>
        <source> (running)</source>
        <translation>（运行中）</translation>
    </message>
    <message numerus="yes">
        <source>%n pair revision(s)</source>
        <translation>
            <numerusform>%n 个双机版本</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 commits in all on the two devices</source>
        <translation>，两台设备上共 %1 次提交</translation>
    </message>
    <message>
        <source>not read: %1
</source>
        <translation>未读取：%1
</translation>
    </message>
    <message>
        <source>no change
</source>
        <translation>无变化
</translation>
    </message>
    <message>
        <source>Restore pair revision %1?</source>
        <translation>恢复双机版本 %1？</translation>
    </message>
    <message>
        <source>Both devices get the configurations they ran at %1 (%2 #%3, %4 #%5) with commit confirmed; the pair is verified, then both are confirmed or both rolled back.</source>
        <translation>两台设备以 commit confirmed 恢复到 %1 时运行的配置（%2 #%3，%4 #%5）；验证双机后，两台一起确认，或一起回滚。</translation>
    </message>
    <message>
        <source>Reading pair revision %1…</source>
        <translation>正在读取双机版本 %1…</translation>
    </message>
    <message>
        <source>Pair revision %1 not read on %2: %3</source>
        <translation>未能在 %2 上读取双机版本 %1：%3</translation>
    </message>
    <message>
        <source>Restoring: %1 (%2 s)</source>
        <translation>正在恢复：%1（%2 s）</translation>
    </message>
    <message>
        <source>Restore %1: %2</source>
        <translation>恢复 %1：%2</translation>
    </message>
</context>
<context>
    <name>tandem::gui::PairDriftBanner</name>
    <message>
        <source>Open in &amp;Editor</source>
        <translation>在编辑器中打开(&amp;E)</translation>
    </message>
    <message>
        <source>Repair with the &amp;Wizard…</source>
        <translation>用向导修复(&amp;W)…</translation>
    </message>
    <message>
        <source>%1 line %2: %3</source>
        <translation>%1 第 %2 行：%3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 另有 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>The running configurations of %1 and %2 no longer pass the pair check (one was changed on its own):</source>
        <translation>%1 与 %2 的运行配置不再通过双机检查（其中一台被单独修改过）：</translation>
    </message>
</context>
<context>
    <name>tandem::gui::PairView</name>
    <message>
        <source>Service locations</source>
        <translation>HA 备份组</translation>
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
        <translation>概览(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Failovers</source>
        <translation>倒换记录(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Tables</source>
        <translation>表项(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Switch Over Service-Location…</source>
        <translation>倒换 HA 备份组(&amp;S)…</translation>
    </message>
    <message>
        <source>Move the selected service-location to the other device (asks first)</source>
        <translation>将所选 HA 备份组倒换到另一台设备（先确认）</translation>
    </message>
    <message>
        <source>Start &amp;Batch Backup</source>
        <translation>开始批量备份(&amp;B)</translation>
    </message>
    <message>
        <source>Send every table entry of the selected service-location from its master to the standby</source>
        <translation>将所选 HA 备份组的全部表项从主用发送到备用</translation>
    </message>
    <message>
        <source>Hot backup per service-location</source>
        <translation>各 HA 备份组的热备份</translation>
    </message>
    <message>
        <source>no device is master of the selected service-location</source>
        <translation>所选 HA 备份组没有主用设备</translation>
    </message>
    <message>
        <source>your role on %1 does not allow it</source>
        <translation>您在 %1 上的角色不允许此操作</translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation>%1 未连接</translation>
    </message>
    <message>
        <source>Virtual IP %1 (VRID %2) moves with it. </source>
        <translation>虚拟 IP %1（VRID %2）随之迁移。</translation>
    </message>
    <message>
        <source>Switch over service-location %1?</source>
        <translation>倒换 HA 备份组 %1？</translation>
    </message>
    <message>
        <source>service-location %1 moves from %2 to %3</source>
        <translation>HA 备份组 %1 从 %2 倒换到 %3</translation>
    </message>
    <message>
        <source>Switch over to %1</source>
        <translation>倒换到 %1</translation>
    </message>
    <message>
        <source>switchover of service-location %1 to %2 requested</source>
        <translation>已请求将 HA 备份组 %1 倒换到 %2</translation>
    </message>
    <message>
        <source>switchover of service-location %1 refused: %2</source>
        <translation>HA 备份组 %1 的倒换被拒绝：%2</translation>
    </message>
    <message>
        <source>batch backup of service-location %1 refused: %2</source>
        <translation>HA 备份组 %1 的批量备份被拒绝：%2</translation>
    </message>
    <message>
        <source>batch backup of service-location %1 started</source>
        <translation>HA 备份组 %1 的批量备份已开始</translation>
    </message>
    <message>
        <source>service-location %1 became master on %2 (from %3; %4): tables active after %5 ms, first advert after %6 ms</source>
        <translation>HA 备份组 %1 在 %2 上成为主用（原 %3；%4）：%5 ms 后表项生效，%6 ms 后发出首个通告</translation>
    </message>
    <message>
        <source>no known master</source>
        <translation>无已知主用</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>连接断开</translation>
    </message>
    <message>
        <source>connection lost: %1</source>
        <translation>连接断开：%1</translation>
    </message>
    <message>
        <source>service-location %1: %2 → %3</source>
        <translation>HA 备份组 %1：%2 → %3</translation>
    </message>
    <message>
        <source>Run &amp;Drill…</source>
        <translation>运行演练(&amp;D)…</translation>
    </message>
    <message>
        <source>Lab pairs: fail the selected service-location&apos;s board on its master for %1 s and watch the standby take over (asks first)</source>
        <translation>实验设备对：让所选 HA 备份组在主用上的业务板故障 %1 s，观察备用接管（先确认）</translation>
    </message>
    <message>
        <source>&amp;Acknowledge Alarms</source>
        <translation>确认告警(&amp;A)</translation>
    </message>
    <message>
        <source>Stop highlighting the warnings and errors of the event log</source>
        <translation>不再突出显示事件日志中的警告和错误</translation>
    </message>
    <message>
        <source>drills run on lab pairs only</source>
        <translation>演练只能在实验设备对上运行</translation>
    </message>
    <message>
        <source>your role on this pair does not allow it</source>
        <translation>您在此设备对上的角色不允许此操作</translation>
    </message>
    <message>
        <source>no alarm to acknowledge</source>
        <translation>没有需要确认的告警</translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) not acknowledged</source>
        <translation>
            <numerusform>%n 条告警未确认</numerusform>
        </translation>
    </message>
    <message>
        <source>Run a drill on service-location %1?</source>
        <translation>在 HA 备份组 %1 上运行演练？</translation>
    </message>
    <message>
        <source>the service board of service-location %1 on %2 fails for %3 s</source>
        <translation>%2 上 HA 备份组 %1 的业务板故障 %3 s</translation>
    </message>
    <message>
        <source>A lab fault (lab.fault board) on %1: its tables are lost and %2 should take service-location %3 over. After %4 s the board comes back as a standby and asks for a batch backup. The Failovers tab records the phases.</source>
        <translation>在 %1 上注入实验故障（lab.fault board）：其表项丢失，%2 应接管 HA 备份组 %3。%4 s 后该业务板恢复为备用并请求批量备份。倒换记录标签页记录各阶段。</translation>
    </message>
    <message>
        <source>Run Drill on %1</source>
        <translation>在 %1 上运行演练</translation>
    </message>
    <message>
        <source>drill: board of service-location %1 down for %2 s</source>
        <translation>演练：HA 备份组 %1 的业务板故障 %2 s</translation>
    </message>
    <message>
        <source>drill refused: %1</source>
        <translation>演练被拒绝：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) acknowledged in this window</source>
        <translation>
            <numerusform>本窗口已确认 %n 条告警</numerusform>
        </translation>
    </message>
    <message>
        <source>both entries are the same device (%1)</source>
        <translation>两个条目是同一台设备（%1）</translation>
    </message>
    <message>
        <source>Sessions older than service-ha delay-time are kept with their public address and port; younger ones are not backed up (by design) and end.</source>
        <translation>存在时间超过 service-ha delay-time 的会话保持其公网地址和端口；更新的会话（按设计）不备份，将会结束。</translation>
    </message>
    <message>
        <source>Now: %1 sessions, %2 of them younger than delay-time.</source>
        <translation>当前：%1 个会话，其中 %2 个短于 delay-time。</translation>
    </message>
    <message>
        <source>%1 more are in the backlog (the backup is behind) and would be lost.</source>
        <translation>另有 %1 个在积压队列中（备份落后），将会丢失。</translation>
    </message>
    <message>
        <source>The tables are not in step now: more may be lost.</source>
        <translation>表项当前不一致：可能丢失更多。</translation>
    </message>
    <message>
        <source>%1 resigns as master; %2 activates its standby tables and then takes over. </source>
        <translation>%1 放弃主用；%2 激活其备份表项后接管。</translation>
    </message>
    <message>
        <source>&amp;Config</source>
        <translation>配置(&amp;C)</translation>
    </message>
    <message>
        <source>your role on %1 is %2: only an admin changes its configuration</source>
        <translation>您在 %1 上的角色是 %2：只有管理员可以修改其配置</translation>
    </message>
    <message>
        <source>tracked %1</source>
        <translation>联动 %1</translation>
    </message>
    <message>
        <source>Cha&amp;nges</source>
        <translation>变更(&amp;N)</translation>
    </message>
</context>
<context>
    <name>tandem::gui::PlanPage</name>
    <message>
        <source>e.g. 10.1.1.1</source>
        <translation>例如 10.1.1.1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 address (four numbers 0-255, e.g. 10.1.1.1)</source>
        <translation>“%1”不是 IPv4 地址（四个 0-255 的数，例如 10.1.1.1）</translation>
    </message>
</context>
<context>
    <name>tandem::gui::PortBlockTableModel</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Public address</source>
        <translation>公网地址</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>端口块</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>ICMP</source>
        <translation>ICMP</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
</context>
<context>
    <name>tandem::gui::PreChecksPage</name>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Pre-checks</source>
        <translation>预检查</translation>
    </message>
    <message>
        <source>Before hot backup is configured, both devices must be reachable as admin, their service boards up, basic NAT configured and no commit pending.</source>
        <translation>配置热备份之前，两台设备必须能以管理员身份访问，业务板已启动，基本 NAT 已配置，且没有待确认的提交。</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>不可达</translation>
    </message>
    <message>
        <source>connect the pair first (Pair → Connect) and check the device&apos;s address</source>
        <translation>请先连接设备对（设备对 → 连接），并检查设备地址</translation>
    </message>
    <message>
        <source>reachable as admin</source>
        <translation>可以管理员身份访问</translation>
    </message>
    <message>
        <source>logged in as %1, not admin</source>
        <translation>以 %1 身份登录，不是管理员</translation>
    </message>
    <message>
        <source>log in with a user of role admin: only an admin may commit</source>
        <translation>请使用角色为 admin 的用户登录：只有管理员可以提交</translation>
    </message>
    <message>
        <source>running configuration not read: %1</source>
        <translation>未读取到运行配置：%1</translation>
    </message>
    <message>
        <source>check the agent&apos;s log</source>
        <translation>请检查代理的日志</translation>
    </message>
    <message>
        <source>running configuration does not parse</source>
        <translation>运行配置无法解析</translation>
    </message>
    <message>
        <source>basic NAT configured</source>
        <translation>基本 NAT 已配置</translation>
    </message>
    <message>
        <source>no NAT instance with an address group</source>
        <translation>没有带地址池（address-group）的 NAT 实例</translation>
    </message>
    <message>
        <source>configure basic NAT first: a nat instance with a nat address-group, bound to a service-instance-group</source>
        <translation>请先配置基本 NAT：一个带 nat address-group 的 nat instance，并绑定到 service-instance-group</translation>
    </message>
    <message>
        <source>commit history not read: %1</source>
        <translation>未读取到提交历史：%1</translation>
    </message>
    <message>
        <source>a commit confirmed is pending</source>
        <translation>有一个确认式提交尚待确认</translation>
    </message>
    <message>
        <source>no commit pending</source>
        <translation>没有待确认的提交</translation>
    </message>
    <message>
        <source>confirm or cancel the pending commit (History) and check again</source>
        <translation>请确认或取消待确认的提交（历史），然后重新检查</translation>
    </message>
    <message>
        <source>status not read: %1</source>
        <translation>未读取到状态：%1</translation>
    </message>
    <message>
        <source>no service board found</source>
        <translation>未找到业务板</translation>
    </message>
    <message>
        <source>insert a service board and configure a service-location on it</source>
        <translation>请插入业务板，并在其上配置 HA 备份组</translation>
    </message>
    <message>
        <source>service boards present and up (%1)</source>
        <translation>业务板在位且已启动（%1）</translation>
    </message>
    <message>
        <source>service board of service-location %1 down</source>
        <translation>HA 备份组 %1 的业务板故障</translation>
    </message>
    <message>
        <source>bring the board up (check its slot and the device&apos;s alarms)</source>
        <translation>请使业务板恢复（检查其槽位和设备告警）</translation>
    </message>
    <message>
        <source>Reading both devices…</source>
        <translation>正在读取两台设备…</translation>
    </message>
    <message>
        <source>All checks passed. The devices already form a pair: the next pages start from what they run.</source>
        <translation>所有检查均已通过。两台设备已组成热备对：后续页面以其当前运行的配置为起点。</translation>
    </message>
    <message>
        <source>All checks passed.</source>
        <translation>所有检查均已通过。</translation>
    </message>
    <message>
        <source>Fix what failed, then check again.</source>
        <translation>请修正未通过的项，然后重新检查。</translation>
    </message>
</context>
<context>
    <name>tandem::gui::PushPage</name>
    <message>
        <source>Confirmed: both devices run the new configuration.</source>
        <translation>已确认：两台设备都运行新配置。</translation>
    </message>
    <message>
        <source>Dry run: the pre-flight passed; nothing changed.</source>
        <translation>试运行：预检通过；没有任何更改。</translation>
    </message>
    <message>
        <source>Refused: nothing changed.</source>
        <translation>被拒绝：没有任何更改。</translation>
    </message>
    <message>
        <source>Rolled back and verified: both devices run what they ran before.</source>
        <translation>已回滚并验证：两台设备都运行之前的配置。</translation>
    </message>
    <message>
        <source>Rolled back, but the rollback could not be proved on both devices.</source>
        <translation>已回滚，但无法在两台设备上证实回滚结果。</translation>
    </message>
    <message>
        <source>Half applied: one device confirmed and the other did not.</source>
        <translation>半生效：一台设备已确认，另一台没有。</translation>
    </message>
    <message>
        <source>Cancel and roll back</source>
        <translation>取消并回滚</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>下发</translation>
    </message>
    <message>
        <source>Both devices commit with `commit confirmed`, the standby first; the pair is verified, then both are confirmed, or both are rolled back.</source>
        <translation>两台设备都以 `commit confirmed` 提交，备用在先；验证热备对后，两台一起确认，或一起回滚。</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>hot-backup wizard: %1 pair</source>
        <translation>热备份向导：%1 热备对</translation>
    </message>
    <message>
        <source>Pre-flight…</source>
        <translation>预检…</translation>
    </message>
    <message>
        <source>Confirm deadline in %1 s: without a confirm by then both devices roll back by themselves.</source>
        <translation>确认期限还剩 %1 s：届时若未确认，两台设备会自行回滚。</translation>
    </message>
</context>
<context>
    <name>tandem::gui::SecretStore</name>
    <message>
        <source>no password is saved in the keychain for this device</source>
        <translation>钥匙串中未保存此设备的密码</translation>
    </message>
    <message>
        <source>no keychain available (%1): the password is not saved — Tandem never writes it to a file; you will be asked for it at connect</source>
        <translation>没有可用的钥匙串（%1）：密码未保存——Tandem 从不将密码写入文件；连接时会询问您</translation>
    </message>
    <message>
        <source>the keychain refused (%1): the password is not saved; you will be asked for it at connect</source>
        <translation>钥匙串拒绝（%1）：密码未保存；连接时会询问您</translation>
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
        <translation>HA 备份组（service-location）ID</translation>
    </message>
    <message>
        <source>Role of the service-location on %1 (display service-location)</source>
        <translation>%1 上该HA 备份组的角色（display service-location）</translation>
    </message>
    <message>
        <source>The device that is master of the service-location</source>
        <translation>该HA 备份组的主用设备</translation>
    </message>
    <message>
        <source>The VRRP group the service-location follows</source>
        <translation>该HA 备份组跟随的 VRRP 备份组</translation>
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
        <translation>主用</translation>
    </message>
    <message>
        <source>slave</source>
        <translation>备用</translation>
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
        <translation>%1 上没有 HA 备份组 %2</translation>
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
    <message>
        <source>Both entries are the same device (%1): one agent, its role shown twice</source>
        <translation>两个条目是同一台设备（%1）：同一个代理，其角色显示了两次</translation>
    </message>
</context>
<context>
    <name>tandem::gui::SessionTableModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Inside address</source>
        <translation>私网地址</translation>
    </message>
    <message>
        <source>Inside port</source>
        <translation>私网端口</translation>
    </message>
    <message>
        <source>Public address</source>
        <translation>公网地址</translation>
    </message>
    <message>
        <source>Public port</source>
        <translation>公网端口</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>远端地址</translation>
    </message>
    <message>
        <source>Remote port</source>
        <translation>远端端口</translation>
    </message>
    <message>
        <source>TCP state</source>
        <translation>TCP 状态</translation>
    </message>
</context>
<context>
    <name>tandem::gui::SubnetModel</name>
    <message>
        <source>Subnet</source>
        <translation>子网</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>地址池</translation>
    </message>
    <message>
        <source>Service-location</source>
        <translation>HA 备份组</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>地址数</translation>
    </message>
    <message>
        <source>Blocks used</source>
        <translation>已用端口块</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>端口块</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>使用率</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>draining: no new user, given back once empty</source>
        <translation>回收中：不再分配新用户，空闲后归还</translation>
    </message>
    <message>
        <source>serving</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>SLG %1</source>
        <translation>SLG %1</translation>
    </message>
</context>
<context>
    <name>tandem::gui::SummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>What both devices will run, what changes, and what the commits would do to the sessions they serve.</source>
        <translation>两台设备将运行的配置、发生的变化，以及提交对其所服务会话的影响。</translation>
    </message>
    <message>
        <source>Configurations</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>影响</translation>
    </message>
    <message>
        <source>✔ The pair check finds nothing: the two configurations mirror.</source>
        <translation>✔ 热备对检查未发现问题：两份配置互相对应。</translation>
    </message>
    <message>
        <source>%1: asking the device…</source>
        <translation>%1：正在询问设备…</translation>
    </message>
    <message>
        <source>No change.</source>
        <translation>无变化。</translation>
    </message>
    <message>
        <source>%1: no impact preview: %2</source>
        <translation>%1：无影响预览：%2</translation>
    </message>
    <message>
        <source>%1: the impact preview does not read: %2</source>
        <translation>%1：无法读取影响预览：%2</translation>
    </message>
    <message>
        <source>Service-location %1: engine %2</source>
        <translation>HA 备份组 %1：引擎 %2</translation>
    </message>
    <message numerus="yes">
        <source>drops %n session(s)</source>
        <translation>
            <numerusform>丢弃 %n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 users, %2 port blocks</source>
        <translation>，%1 个用户，%2 个端口块</translation>
    </message>
    <message>
        <source> (it serves them now)</source>
        <translation>（当前正由其服务）</translation>
    </message>
    <message>
        <source>, no session dropped</source>
        <translation>，不丢弃会话</translation>
    </message>
    <message>
        <source>VRRP %1 on %2: %3</source>
        <translation>%2 上的 VRRP %1：%3</translation>
    </message>
    <message>
        <source>the master resigns; the peer takes over</source>
        <translation>主用放弃；对端接管</translation>
    </message>
    <message>
        <source>The listener this connection uses goes away.</source>
        <translation>本连接所用的监听端口将被移除。</translation>
    </message>
    <message numerus="yes">
        <source>In all %n session(s) dropped</source>
        <translation>
            <numerusform>共丢弃 %n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>No session dropped.</source>
        <translation>不丢弃任何会话。</translation>
    </message>
</context>
<context>
    <name>tandem::gui::SwitchoverModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>SLG</source>
        <translation>SLG</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>倒换</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Detection</source>
        <translation>检测</translation>
    </message>
    <message>
        <source>Decision → tables</source>
        <translation>决策 → 表项</translation>
    </message>
    <message>
        <source>Tables → advert</source>
        <translation>表项 → 通告</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Sessions before</source>
        <translation>倒换前会话</translation>
    </message>
    <message>
        <source>Sessions after</source>
        <translation>倒换后会话</translation>
    </message>
    <message>
        <source>From the VRRP decision to the standby tables being active</source>
        <translation>从 VRRP 决策到备份表项激活</translation>
    </message>
    <message>
        <source>From the tables being active to the first advert as master</source>
        <translation>从表项激活到作为主用的首个通告</translation>
    </message>
    <message>
        <source>Sessions in the standby copy at the decision</source>
        <translation>决策时备份副本中的会话</translation>
    </message>
    <message>
        <source>Sessions live once the tables were active</source>
        <translation>表项激活后的在用会话</translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>master silent: its adverts stopped (%1)</source>
        <translation>主用静默：其通告停止（%1）</translation>
    </message>
    <message>
        <source>master resigned: a manual switchover, or its board or link went down</source>
        <translation>主用主动放弃：手动倒换，或其单板或链路故障</translation>
    </message>
    <message>
        <source>preempted: a higher priority here than the master&apos;s (%1)</source>
        <translation>被抢占：本端优先级高于主用（%1）</translation>
    </message>
    <message>
        <source>Not backed up</source>
        <translation>未备份</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>From the old master&apos;s last word (its last advert, its resign, or the advert that started the preemption) to the decision, as the new master measured it</source>
        <translation>从原主用的最后消息（最后一次通告、放弃通告或引发抢占的通告）到决策，由新主用测量</translation>
    </message>
    <message>
        <source>Detection plus decision → first advert as master</source>
        <translation>检测加上决策 → 作为主用的首个通告</translation>
    </message>
    <message>
        <source>Sessions on the old master younger than service-ha delay-time at its last status: not backed up, by design, so they end with the switchover</source>
        <translation>原主用最后状态中短于 service-ha delay-time 的会话：按设计不备份，因此随倒换结束</translation>
    </message>
    <message>
        <source>Sessions on the old master that should have survived and could not: those in its backlog (the backup had fallen behind) at its last status. `tandemctl drill` checks every mapping</source>
        <translation>原主用上本应保留却未能保留的会话：其最后状态中处于积压队列的会话（备份已落后）。`tandemctl drill` 会检查每个映射</translation>
    </message>
    <message>
        <source>master resigned: %1 on %2</source>
        <translation>主用主动放弃：%2 上的 %1</translation>
    </message>
    <message>
        <source>preempted: %1 on %2 (%3)</source>
        <translation>被抢占：%2 上的 %1（%3）</translation>
    </message>
</context>
<context>
    <name>tandem::gui::SyncPanel</name>
    <message>
        <source>Backup channel and sync</source>
        <translation>备份通道与同步</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Lag (last / p99)</source>
        <translation>时延（最近 / p99）</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Acked</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>已重传</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Digests</source>
        <translation>摘要校验</translation>
    </message>
    <message>
        <source>Batch backup</source>
        <translation>批量备份</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>%1 · peer %2</source>
        <translation>%1 · 对端 %2</translation>
    </message>
    <message>
        <source>%1 · peer %2 (%3)</source>
        <translation>%1 · 对端 %2（%3）</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 checked, %2 differed</source>
        <translation>已校验 %1，不一致 %2</translation>
    </message>
    <message>
        <source>SLG %1: %2 of %3</source>
        <translation>SLG %1：%2 / %3</translation>
    </message>
    <message>
        <source> · %1 rec/s · ETA %2 s</source>
        <translation> · %1 条/s · 预计 %2 s</translation>
    </message>
    <message>
        <source>SLG %1: %2</source>
        <translation>SLG %1：%2</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>传输中</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Real-time backup: from a record&apos;s enqueue to the peer&apos;s ack</source>
        <translation>实时备份：从记录入队到对端确认</translation>
    </message>
    <message>
        <source>Records waiting: not sent yet, or sent and not acked</source>
        <translation>等待中的记录：尚未发送，或已发送未确认</translation>
    </message>
    <message>
        <source>Records written to the connection, real-time and batch (a retry counts again). Sent = acked + in flight + voided</source>
        <translation>写入连接的记录，包括实时和批量（重试再次计数）。已发送 = 已确认 + 传输中 + 已作废</translation>
    </message>
    <message>
        <source>Records accepted from the peer</source>
        <translation>从对端接受的记录</translation>
    </message>
    <message>
        <source>Records the peer acknowledged</source>
        <translation>对端已确认的记录</translation>
    </message>
    <message>
        <source>Records written and not acked yet</source>
        <translation>已写入但尚未确认的记录</translation>
    </message>
    <message>
        <source>Records written on a connection that closed before the peer acked them: batch records are void (a new batch follows), real-time ones go again (retried)</source>
        <translation>在对端确认前连接已关闭的记录：批量记录作废（随后进行新的批量备份），实时记录重新发送（重试）</translation>
    </message>
    <message>
        <source>Real-time records sent again on a new connection</source>
        <translation>在新连接上重新发送的实时记录</translation>
    </message>
    <message>
        <source>Records the full queue refused (their entries go to the backlog)</source>
        <translation>队列已满而拒绝的记录（其表项进入积压队列）</translation>
    </message>
    <message>
        <source>Frames the decoder or the handshake refused</source>
        <translation>被解码器或握手拒绝的帧</translation>
    </message>
    <message>
        <source>Digest comparisons of the tables, and how many found them different</source>
        <translation>表项的摘要比较次数，以及发现不同的次数</translation>
    </message>
</context>
<context>
    <name>tandem::gui::TelemetryCharts</name>
    <message>
        <source>Sessions served</source>
        <translation>服务的会话数</translation>
    </message>
    <message>
        <source>Sync records/s</source>
        <translation>同步记录/s</translation>
    </message>
    <message>
        <source>Backup lag (ms)</source>
        <translation>备份时延 (ms)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Freeze the charts; samples are still collected</source>
        <translation>冻结图表；仍继续采样</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
</context>
<context>
    <name>tandem::gui::TopologyView</name>
    <message>
        <source>MASTER</source>
        <translation>主用</translation>
    </message>
    <message>
        <source>STANDBY</source>
        <translation>备用</translation>
    </message>
    <message>
        <source>board down</source>
        <translation>业务板故障</translation>
    </message>
    <message>
        <source>tables differ from the master&apos;s</source>
        <translation>表项与主用不一致</translation>
    </message>
    <message>
        <source>status unknown — not connected</source>
        <translation>状态未知 — 未连接</translation>
    </message>
    <message>
        <source>SLG %1 · slot %2</source>
        <translation>SLG %1 · 槽位 %2</translation>
    </message>
    <message>
        <source>%1 sessions · %2 users</source>
        <translation>%1 个会话 · %2 个用户</translation>
    </message>
    <message>
        <source> · batch %1%</source>
        <translation> · 批量备份 %1%</translation>
    </message>
    <message>
        <source>taking over…</source>
        <translation>正在接管…</translation>
    </message>
    <message>
        <source>%1 service-location %2: %3</source>
        <translation>%1 HA 备份组 %2：%3</translation>
    </message>
    <message>
        <source>backup channel</source>
        <translation>备份通道</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>lag %1 ms</source>
        <translation>时延 %1 ms</translation>
    </message>
    <message>
        <source>VIP %1</source>
        <translation>VIP %1</translation>
    </message>
    <message>
        <source>SPLIT BRAIN: both master</source>
        <translation>脑裂：双主用</translation>
    </message>
    <message>
        <source>VRID %1 · master %2</source>
        <translation>VRID %1 · 主用 %2</translation>
    </message>
    <message>
        <source>VRID %1 · no master</source>
        <translation>VRID %1 · 无主用</translation>
    </message>
    <message>
        <source>backup %1 entries behind</source>
        <translation>备份落后 %1 条</translation>
    </message>
    <message>
        <source>batch backup stalled</source>
        <translation>批量备份停滞</translation>
    </message>
    <message>
        <source>DOWN</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>up</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>down</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>both entries are the same device (%1)</source>
        <translation>两个条目是同一台设备（%1）</translation>
    </message>
    <message>
        <source>VRID %1 · master %2 · %3 not connected</source>
        <translation>VRID %1 · 主用 %2 · %3 未连接</translation>
    </message>
    <message>
        <source>VRID %1 · master unknown · %2 not connected</source>
        <translation>VRID %1 · 主用未知 · %2 未连接</translation>
    </message>
    <message>
        <source>batch finished</source>
        <translation>批量备份完成</translation>
    </message>
    <message>
        <source>batch unfinished</source>
        <translation>批量备份未完成</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>批量备份 %1</translation>
    </message>
</context>
<context>
    <name>tandem::gui::TrackingPage</name>
    <message>
        <source>Tracking</source>
        <translation>联动</translation>
    </message>
    <message>
        <source>When the board or the uplink of the master fails, its priority drops by the reduction, so the backup becomes master.</source>
        <translation>主用的业务板或上行接口故障时，其优先级降低相应数值，从而备用成为主用。</translation>
    </message>
    <message>
        <source>Service-location %1</source>
        <translation>HA 备份组 %1</translation>
    </message>
    <message>
        <source>track service-location %1 reduced</source>
        <translation>track service-location %1 reduced</translation>
    </message>
    <message>
        <source>%1 (computed)</source>
        <translation>%1（计算所得）</translation>
    </message>
    <message>
        <source>track interface %1 reduced</source>
        <translation>track interface %1 reduced</translation>
    </message>
    <message>
        <source>%1 = the priority gap %2 − %3 = %4, plus the margin of 10: a failure takes the master to %2 − %1 = %5, below the backup&apos;s %3, so the backup takes over; the margin keeps that true after a small priority change.</source>
        <translation>%1 = 优先级差 %2 − %3 = %4，再加 10 的余量：故障使主用降到 %2 − %1 = %5，低于备用的 %3，于是备用接管；余量保证优先级小幅变动后仍然如此。</translation>
    </message>
</context>
<context>
    <name>tandem::gui::UserTableModel</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Public address</source>
        <translation>公网地址</translation>
    </message>
    <message>
        <source>Port blocks</source>
        <translation>端口块</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>ICMP</source>
        <translation>ICMP</translation>
    </message>
    <message>
        <source>Session limit</source>
        <translation>会话上限</translation>
    </message>
</context>
<context>
    <name>tandem::gui::VpnOverNatPage</name>
    <message>
        <source>VPN over NAT</source>
        <translation>VPN over NAT</translation>
    </message>
    <message>
        <source>The VPN instances whose users are translated; both devices get the same ones, so a switchover keeps them.</source>
        <translation>其用户需要地址转换的 VPN 实例；两台设备配置相同的实例，因此倒换后得以保留。</translation>
    </message>
    <message>
        <source>VPN instances</source>
        <translation>VPN 实例</translation>
    </message>
    <message>
        <source>e.g. vpn1, vpn2</source>
        <translation>例如 vpn1, vpn2</translation>
    </message>
    <message>
        <source>Each becomes `ip vpn-instance &lt;name&gt;` with `ipv4-family` on both devices.</source>
        <translation>每个实例在两台设备上生成 `ip vpn-instance &lt;name&gt;` 及 `ipv4-family`。</translation>
    </message>
</context>
<context>
    <name>tandem::gui::VrpLexer</name>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>注释</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>关键字</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>IPv4 address</source>
        <translation>IPv4 地址</translation>
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
        <translation>是，延迟 %1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
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
        <translation>每 %1 ms通告一次；%2 ms后判定 Master 失效</translation>
    </message>
    <message>
        <source>Tracked</source>
        <translation>跟踪对象</translation>
    </message>
    <message>
        <source>Tracked objects, their reductions and states: a down one lowers PriorityRun</source>
        <translation>跟踪对象及其降低值和状态：故障的对象会降低 PriorityRun</translation>
    </message>
</context>
<context>
    <name>tandem::gui::VrrpPage</name>
    <message>
        <source>VRRP per service-location</source>
        <translation>各 HA 备份组的 VRRP</translation>
    </message>
    <message>
        <source>VRRP decides which device serves each service-location: the higher priority is master and owns the virtual IP.</source>
        <translation>VRRP 决定由哪台设备服务各 HA 备份组：优先级高者为主用，持有虚拟 IP。</translation>
    </message>
    <message>
        <source>Service-location %1 (slot %2)</source>
        <translation>HA 备份组 %1（槽位 %2）</translation>
    </message>
    <message>
        <source>VRID</source>
        <translation>VRID</translation>
    </message>
    <message>
        <source>Virtual IP</source>
        <translation>虚拟 IP</translation>
    </message>
    <message>
        <source>Master</source>
        <translation>主用设备</translation>
    </message>
    <message>
        <source>Master priority</source>
        <translation>主用优先级</translation>
    </message>
    <message>
        <source>Backup priority</source>
        <translation>备用优先级</translation>
    </message>
    <message>
        <source>Preempt delay (master)</source>
        <translation>抢占延迟（主用）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Recommended: %1 s. After a failure the master waits this long before it takes its role back, so that the batch backup of the sessions made meanwhile has finished; a shorter delay drops them at the switchback. The backup takes over at once.</source>
        <translation>建议值：%1 s。故障恢复后，主用等待这么长时间再夺回角色，使期间新建会话的批量备份得以完成；延迟更短会在回切时丢弃这些会话。备用则立即接管。</translation>
    </message>
    <message>
        <source>Advert interval</source>
        <translation>通告间隔</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
</context>
</TS>
