//! The message catalog: each entry is `Key => English, 简体中文`.

use super::Lang;

macro_rules! catalog {
    ($($key:ident => $en:literal, $zh:literal;)+) => {
        /// A message identifier.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Key { $($key,)+ }

        impl Key {
            /// Every key (for completeness tests).
            pub const ALL: &'static [Key] = &[$(Key::$key,)+];
        }

        pub(super) fn text(lang: Lang, key: Key) -> &'static str {
            match (lang, key) {
                $((Lang::En, Key::$key) => $en, (Lang::ZhCn, Key::$key) => $zh,)+
            }
        }
    };
}

catalog! {
    AppTitle => "Glance Portal", "Glance 镜像门户";
    SkipToContent => "Skip to content", "跳到主要内容";
    NavImages => "Images", "镜像";
    MainNav => "Main navigation", "主导航";
    Language => "Language", "语言";
    Project => "Project", "项目";
    SwitchProject => "Switch project", "切换项目";
    SwitchingProject => "Switching project…", "正在切换项目…";
    Logout => "Log out", "退出登录";
    SignedInAs => "Signed in as {0}", "当前用户：{0}";
    LoginTitle => "Log in to your cloud", "登录到您的云";
    LoginMethod => "Log in with", "登录方式";
    MethodPassword => "Password", "密码";
    MethodAppCredential => "Application credential", "应用凭据";
    MethodToken => "Existing token", "已有令牌";
    FieldAuthUrl => "Keystone URL", "Keystone 地址";
    FieldUser => "User name", "用户名";
    FieldPassword => "Password", "密码";
    FieldUserDomain => "User domain", "用户域";
    FieldProject => "Project", "项目";
    FieldProjectDomain => "Project domain", "项目域";
    FieldAppCredentialId => "Application credential ID", "应用凭据 ID";
    FieldAppCredentialSecret => "Secret", "密钥";
    FieldToken => "Token", "令牌";
    TokenHint => "Paste a token from `openstack token issue`; it is kept only in this tab.", "粘贴 `openstack token issue` 生成的令牌；令牌仅保存在当前标签页中。";
    LoginSubmit => "Log in", "登录";
    LoggingIn => "Logging in…", "正在登录…";
    SessionEnded => "Your session has ended. Log in again to continue where you were.", "您的会话已结束，请重新登录以继续之前的操作。";
    LoginFailed => "Login failed", "登录失败";
    LoginCheckCredentials => "Keystone refused these credentials. Check the user name, password, domains and project.", "Keystone 拒绝了这些凭据。请检查用户名、密码、域和项目。";
    Advanced => "Advanced", "高级";
    Required => "{0} is required", "{0}为必填项";
    Loading => "Loading…", "加载中…";
    ErrorTitle => "Something went wrong", "出现错误";
    QuotaTitle => "Quota reached", "已达到配额";
    QuotaHint => "Glance refused this because a limit is reached. By default an image can have at most 128 tags, 128 properties and 128 members; storage and image-count limits are set by your cloud. Remove something first, or ask your operator, quoting the request ID.", "Glance 拒绝了此操作，因为已达到上限。默认每个镜像最多 128 个标签、128 个属性和 128 个成员；存储和镜像数量上限由您的云设定。请先删除一些内容，或联系运维人员并提供请求 ID。";
    RequestId => "Request ID", "请求 ID";
    HttpStatus => "HTTP status", "HTTP 状态";
    Retry => "Retry", "重试";
    Refresh => "Refresh", "刷新";
    Dismiss => "Dismiss", "关闭";
    ConfigError => "The portal's configuration (config.json) could not be used", "无法使用门户配置文件（config.json）";
    ErrNoImageEndpoint => "No image service endpoint: log in first.", "没有镜像服务端点：请先登录。";
    ErrNoAnswer => "{0} {1} got no answer: {2}", "{0} {1} 没有收到响应：{2}";
    ErrUnexpectedAnswer => "The service's answer could not be understood: {0}", "无法理解服务的响应：{0}";
    ErrNoSubjectToken => "Keystone issued a token but the browser could not read X-Subject-Token: add it to Keystone's [cors] expose_headers.", "Keystone 已签发令牌，但浏览器无法读取 X-Subject-Token：请将其加入 Keystone 的 [cors] expose_headers。";
    ErrNoProject => "This user has no project to work in; ask an administrator for a role on one.", "此用户没有可用的项目；请联系管理员为您分配某个项目中的角色。";
    ErrNotLoggedIn => "Not logged in.", "尚未登录。";
    ErrUnscoped => "The token is not scoped to a project; name a project to log in to.", "令牌未限定到项目；请指定要登录的项目。";
    ErrBadExpiry => "The token's expiry “{0}” cannot be read.", "无法读取令牌的过期时间“{0}”。";
    ErrNoService => "The token's catalog has no “{0}” service; is the token scoped to a project?", "令牌的服务目录中没有“{0}”服务；令牌是否限定到了项目？";
    ErrNoEndpoint => "No {0} “{1}” endpoint in region {2}; the catalog has: {3}", "区域 {2} 中没有 {0} 接口的“{1}”端点；服务目录中有：{3}";
    ErrNoEndpointAnyRegion => "No {0} “{1}” endpoint in any region; the catalog has: {2}", "所有区域中都没有 {0} 接口的“{1}”端点；服务目录中有：{2}";
    ErrorStatusAndRequest => "{0} (HTTP {1}, request ID {2})", "{0}（HTTP {1}，请求 ID {2}）";
    ErrorStatusOnly => "{0} (HTTP {1})", "{0}（HTTP {1}）";
    ErrorRequestOnly => "{0} (request ID {1})", "{0}（请求 ID {1}）";
    ImagesTitle => "Images", "镜像";
    ColName => "Name", "名称";
    ColStatus => "Status", "状态";
    ColVisibility => "Visibility", "可见性";
    ColDiskFormat => "Disk format", "磁盘格式";
    ColContainerFormat => "Container", "容器格式";
    ColSize => "Size", "大小";
    ColOwner => "Owner", "所有者";
    ColCreated => "Created", "创建时间";
    ColUpdated => "Updated", "更新时间";
    ColFlags => "Flags", "标记";
    Protected => "Protected", "受保护";
    Hidden => "Hidden", "已隐藏";
    EmptyNoImages => "This project has no images yet.", "此项目还没有镜像。";
    EmptyNoImagesHint => "Images you create, public images and images shared with you and accepted appear here.", "您创建的镜像、公共镜像以及已接受的共享镜像会显示在这里。";
    EmptyNoMatch => "No images match these filters.", "没有符合筛选条件的镜像。";
    EmptyNoMore => "There are no more images after the previous page.", "上一页之后没有更多镜像了。";
    EmptyNoMoreHint => "Glance offers a next page whenever a page is exactly full, so the last one can be empty.", "当一页恰好装满时，Glance 总会提供下一页，因此最后一页可能为空。";
    OwnerNamesFailed => "Project names could not be loaded, so owners are shown by project ID", "无法加载项目名称，所有者以项目 ID 显示";
    ProjectListFailed => "The project list could not be loaded: {0}", "无法加载项目列表：{0}";
    EmptyNoSearchMatch => "No image on this page contains “{0}”.", "本页没有包含“{0}”的镜像。";
    ClearFilters => "Clear filters", "清除筛选";
    SearchPage => "Search this page", "在本页中搜索";
    SearchPageHint => "Searches only the {0} images loaded on this page, by name, ID or tag. Use the filters to search the whole cloud.", "仅在本页已加载的 {0} 个镜像中按名称、ID 或标签搜索。如需搜索全部镜像，请使用筛选条件。";
    Filters => "Filters", "筛选";
    FilterName => "Name", "名称";
    NameExact => "is exactly", "等于";
    NameAnyOf => "is any of (comma-separated)", "为以下任一（逗号分隔）";
    NameMatch => "How the name matches", "名称匹配方式";
    FilterStatus => "Status", "状态";
    FilterVisibility => "Visibility", "可见性";
    FilterOwner => "Owner (project ID)", "所有者（项目 ID）";
    FilterTags => "Tags (all of, comma-separated)", "标签（全部匹配，逗号分隔）";
    FilterDiskFormat => "Disk format", "磁盘格式";
    FilterContainerFormat => "Container format", "容器格式";
    FilterSizeMin => "Minimum size (bytes)", "最小大小（字节）";
    FilterSizeMax => "Maximum size (bytes)", "最大大小（字节）";
    FilterCreated => "Created (UTC)", "创建时间（UTC）";
    FilterUpdated => "Updated (UTC)", "更新时间（UTC）";
    TimeOperator => "Comparison", "比较方式";
    FilterMemberStatus => "Member status", "成员状态";
    FilterHidden => "Hidden images", "隐藏镜像";
    FilterProtected => "Protected", "受保护";
    Any => "Any", "任意";
    Yes => "Yes", "是";
    No => "No", "否";
    HiddenDefault => "Not hidden (default)", "未隐藏（默认）";
    HiddenOnly => "Only hidden", "仅隐藏";
    VisibilityAll => "All", "全部";
    Apply => "Apply filters", "应用筛选";
    FilterInvalid => "{0}: {1}", "{0}：{1}";
    NotANumber => "must be a whole number of bytes", "必须是整数字节数";
    NotATime => "must be a date and time", "必须是日期和时间";
    PageSize => "Per page", "每页";
    Pagination => "Pages", "分页";
    PageN => "Page {0}", "第 {0} 页";
    PreviousPage => "Previous", "上一页";
    NextPage => "Next", "下一页";
    FirstPage => "First page", "首页";
    SortAsc => "ascending", "升序";
    SortDesc => "descending", "降序";
    SortBy => "Sort by {0}", "按{0}排序";
    OnThisPage => "{0} images on this page", "本页 {0} 个镜像";
    AgeJustNow => "just now", "刚刚";
    AgeMinutes => "{0} min ago", "{0} 分钟前";
    AgeHours => "{0} h ago", "{0} 小时前";
    AgeDays => "{0} d ago", "{0} 天前";
    AgeMonths => "{0} mo ago", "{0} 个月前";
    AgeYears => "{0} y ago", "{0} 年前";
    UrlProblem => "Ignored “{0}” from the address: {1}", "已忽略地址中的“{0}”：{1}";
    UrlUnknownVisibility => "unknown visibility “{0}”", "未知的可见性“{0}”";
    UrlNotBytes => "“{0}” is not a number of bytes", "“{0}”不是字节数";
    UrlNotTimestamp => "“{0}” is not a timestamp like 2026-01-31T12:00:00Z", "“{0}”不是形如 2026-01-31T12:00:00Z 的时间戳";
    UrlUnknownMemberStatus => "unknown member status “{0}”", "未知的成员状态“{0}”";
    UrlNotBool => "“{0}” is neither true nor false", "“{0}”既不是 true 也不是 false";
    UrlBadSortKey => "cannot sort by “{0}”", "无法按“{0}”排序";
    UrlBadSortDir => "“{0}” is neither asc nor desc", "“{0}”既不是 asc 也不是 desc";
    UrlBadPageSize => "the page size must be one of {0}, not “{1}”", "每页数量必须是 {0} 之一，而不是“{1}”";
    UrlUnknownParam => "the image list has no such parameter", "镜像列表没有这个参数";
    UrlSizeRange => "the maximum size {0} is below the minimum size {1}", "最大大小 {0} 小于最小大小 {1}";
    BackToImages => "Back to images", "返回镜像列表";
    ImageDetails => "Image details", "镜像详情";
    Properties => "Properties", "属性";
    NotFoundTitle => "Page not found", "页面不存在";
    NotFoundBody => "There is nothing at this address.", "此地址没有内容。";
    StatusQueued => "Queued", "排队中";
    StatusSaving => "Saving", "保存中";
    StatusActive => "Active", "可用";
    StatusKilled => "Killed", "失败";
    StatusDeleted => "Deleted", "已删除";
    StatusPendingDelete => "Pending delete", "待删除";
    StatusDeactivated => "Deactivated", "已停用";
    StatusUploading => "Uploading", "上传中";
    StatusImporting => "Importing", "导入中";
    VisPublic => "Public", "公共";
    VisPrivate => "Private", "私有";
    VisShared => "Shared", "共享";
    VisCommunity => "Community", "社区";
    ThisProject => "this project", "本项目";
    LoggedOut => "You have logged out; the token was revoked.", "您已退出登录，令牌已撤销。";
    LogoutFailed => "Logging out could not revoke the token", "退出登录时未能撤销令牌";
    TabDetails => "Details", "详情";
    TabEdit => "Edit", "编辑";
    TabTags => "Tags", "标签";
    TabSharing => "Sharing", "共享";
    TabActions => "Actions", "操作";
    SectionIdentity => "Identity", "标识";
    SectionState => "State", "状态";
    SectionData => "Data", "数据";
    SectionRequirements => "Requirements", "启动要求";
    SectionTimestamps => "Timestamps", "时间";
    SectionBase => "Other properties", "其他属性";
    SectionCustom => "Custom properties", "自定义属性";
    Copy => "Copy", "复制";
    Copied => "Copied", "已复制";
    Save => "Save", "保存";
    Saving => "Saving…", "正在保存…";
    DiscardChanges => "Discard changes", "放弃更改";
    Saved => "Saved.", "已保存。";
    NoChanges => "Nothing to save.", "没有需要保存的更改。";
    UnsavedChanges => "Unsaved changes", "有未保存的更改";
    AddProperty => "Add property", "添加属性";
    PropertyKey => "Key", "键";
    PropertyValue => "Value", "值";
    Remove => "Remove", "移除";
    FixErrors => "Fix the highlighted fields before saving; nothing was sent.", "请先修正标出的字段再保存；尚未发送任何内容。";
    ConflictTitle => "This image changed on the server since you opened it", "此镜像在您打开后已在服务器上被修改";
    KeepMine => "Apply my changes on top", "在最新版本上应用我的更改";
    TakeTheirs => "Reload and discard mine", "重新加载并放弃我的更改";
    Ours => "when opened", "打开时";
    Theirs => "now", "现在";
    CliEquivalent => "Equivalent CLI command", "等效的命令行";
    TagAdd => "Add tag", "添加标签";
    TagNew => "New tag", "新标签";
    TagRemove => "Remove tag {0}", "移除标签 {0}";
    TagFilterLink => "Images tagged {0}", "带有标签 {0} 的镜像";
    TagsEmpty => "No tags yet.", "还没有标签。";
    TagsLabel => "Tags", "标签";
    TagsKeyboardHint => "Enter adds a tag; Delete or Backspace on a tag removes it.", "按 Enter 添加标签；在标签上按 Delete 或 Backspace 删除它。";
    MembersTitle => "Projects this image is shared with", "此镜像共享给的项目";
    MemberAdd => "Share with project", "共享给项目";
    MemberProjectHint => "Project ID, or the name of a project you can see", "项目 ID，或您可见的项目名称";
    MembersEmpty => "Not shared with any project yet.", "尚未共享给任何项目。";
    MakeShared => "Visibility is {0}: members see the image only when it is shared.", "可见性为{0}：仅当镜像为共享时成员才能看到它。";
    MakeSharedButton => "Make it shared", "设为共享";
    MakeSharedConfirm => "This image is {0}: every project can see it now. Make it shared, so that only its members see it?", "此镜像当前为{0}：所有项目现在都能看到它。要设为共享，只让其成员看到吗？";
    ProjectNotFound => "No project named “{0}” is visible to you; enter its ID instead.", "找不到您可见的名为“{0}”的项目，请改为输入项目 ID。";
    NotOwner => "This image belongs to another project; only its owner manages sharing.", "此镜像属于其他项目；只有所有者可以管理共享。";
    MemberProject => "Project", "项目";
    MemberSince => "Shared", "共享时间";
    MemberAnswered => "Answered", "答复时间";
    NotAnswered => "Not answered yet", "尚未答复";
    MemberPending => "Pending", "待接受";
    MemberAccepted => "Accepted", "已接受";
    MemberRejected => "Rejected", "已拒绝";
    NavShared => "Shared with me", "共享给我的";
    SharedTitle => "Images shared with this project", "共享给本项目的镜像";
    SharedHint => "Accepted images also appear in the image list.", "已接受的镜像也会显示在镜像列表中。";
    Accept => "Accept", "接受";
    Reject => "Reject", "拒绝";
    BackToPending => "Back to pending", "恢复为待接受";
    SharedEmpty => "Nothing here.", "这里没有镜像。";
    YourAnswer => "Your answer: {0}", "您的答复：{0}";
    NotAMember => "This project is not a member of this image, so there is nothing to answer.", "本项目不是此镜像的成员，无需答复。";
    ProtectOn => "Protect", "设为受保护";
    ProtectOff => "Unprotect", "取消保护";
    HideOn => "Hide from lists", "从列表中隐藏";
    HideOff => "Show in lists", "在列表中显示";
    Deactivate => "Deactivate", "停用";
    Reactivate => "Reactivate", "重新激活";
    PolicyWithheld => "{0}: not offered. This cloud's policy rule “{1}” ({2}) does not allow it for you in this project.", "{0}：不可用。此云的策略规则“{1}”（{2}）不允许您在本项目中执行此操作。";
    PolicyRefused => "Glance's policy refused this: rule “{0}”. The portal expected this cloud to use “{1}”; if the operator changed the rule, set it under \"policy\" in config.json.", "Glance 的策略拒绝了此操作：规则“{0}”。门户预期此云使用“{1}”；如果运营者修改了该规则，请在 config.json 的 \"policy\" 中设置。";
    VisibilityValue => "Visibility “{0}”", "可见性“{0}”";
    OwnerField => "Owner", "所有者";
    Delete => "Delete", "删除";
    DeleteConfirm => "Delete image “{0}”? This cannot be undone.", "删除镜像“{0}”？此操作无法撤销。";
    DeleteBlocked => "Protected images cannot be deleted. Unprotect it first.", "受保护的镜像无法删除，请先取消保护。";
    Deleted => "Deleted {0}.", "已删除 {0}。";
    Confirm => "Confirm", "确认";
    Cancel => "Cancel", "取消";
    SelectRow => "Select {0}", "选择 {0}";
    SelectAll => "Select all on this page", "选择本页全部";
    DeleteSelected => "Delete selected ({0})", "删除所选（{0}）";
    BatchDeleteConfirm => "Delete {0} images? This cannot be undone.", "删除 {0} 个镜像？此操作无法撤销。";
    BatchDeleteFailed => "Could not delete {0}: {1}", "无法删除 {0}：{1}";
    BatchDeleted => "Deleted {0} of {1} images.", "已删除 {0} 个镜像（共 {1} 个）。";
    ReadOnlyHint => "read-only", "只读";
    VLeaveEmpty => "Leave this empty.", "请留空。";
    VEnterOrEmpty => "Enter {0}, or leave it empty.", "请输入{0}，或留空。";
    VEnter => "Enter {0}.", "请输入{0}。";
    VOr => " or ", "或";
    TypeText => "text", "文本";
    TypeInteger => "a whole number", "整数";
    TypeNumber => "a number", "数字";
    TypeBoolean => "true or false", "true 或 false";
    TypeArray => "a comma-separated list", "以逗号分隔的列表";
    TypeObject => "a JSON object", "JSON 对象";
    TypeOther => "a value of type {0}", "{0} 类型的值";
    VChooseOne => "Choose one of: {0}.", "请从以下选项中选择：{0}。";
    VPatternDescribed => "{0}. This does not have the required form ({1}).", "{0}。格式不符合要求（{1}）。";
    VPattern => "This does not have the required form ({0}).", "格式不符合要求（{0}）。";
    VTooLong => "Use at most {0} characters.", "最多 {0} 个字符。";
    VTooShort => "Use at least {0} characters.", "至少 {0} 个字符。";
    VBelowMin => "Enter a value of at least {0}.", "请输入不小于 {0} 的值。";
    VAboveMax => "Enter a value of at most {0}.", "请输入不大于 {0} 的值。";
    VReadOnly => "This property cannot be changed.", "此属性不可更改。";
    VNotAllowed => "This cloud's image schema allows no custom properties.", "此云的镜像模式不允许自定义属性。";
    VItem => "Item {0}: {1}", "第 {0} 项：{1}";
    KeyEmpty => "Enter a property name.", "请输入属性名称。";
    KeyTooLong => "Property names can have at most {0} characters.", "属性名称最多 {0} 个字符。";
    KeyIsSchemaProperty => "This is a standard property of the image; edit it in its own field.", "这是镜像的标准属性，请在其对应字段中编辑。";
    KeyReserved => "Glance reserves this property name.", "Glance 保留了此属性名称。";
    KeySurroundingWhitespace => "Property names cannot start or end with a space.", "属性名称不能以空格开头或结尾。";
    TagEmptyProblem => "Enter a tag.", "请输入标签。";
    TagTooLongProblem => "Tags can have at most {0} characters; this one has {1}.", "标签最多 {0} 个字符；此标签有 {1} 个。";
    TagNotUrlSafe => "This tag contains \"/\" or non-ASCII characters, or is \".\" or \"..\", so it cannot be sent on its own; save it by replacing the whole tag list.", "此标签包含“/”或非 ASCII 字符，或为“.”或“..”，无法单独发送；请通过替换整个标签列表来保存。";
    FormFieldProblem => "{0}: {1}", "{0}：{1}";
    FormTagProblem => "tag {0}: {1}", "标签 {0}：{1}";
    FormDuplicateKey => "{0} is given twice", "{0} 重复出现";
    DoneAction => "Done.", "完成。";
    Transfers => "Transfers", "传输";
    Uploading => "Uploading and hashing…", "正在上传并计算校验和…";
    Verifying => "Comparing with what Glance stored…", "正在与 Glance 存储的数据比对…";
    VerifiedUpload => "Verified: Glance stored exactly this file ({0}).", "已验证：Glance 存储的数据与此文件完全一致（{0}）。";
    VerifiedRecorded => "Verified: Glance holds exactly the data its uploader hashed ({0}).", "已验证：Glance 存储的数据与上传者计算校验和时的数据完全一致（{0}）。";
    MismatchRecorded => "MISMATCH: the data Glance holds differs from what its uploader hashed. Do not use this image.", "不匹配：Glance 存储的数据与上传者计算校验和时的数据不同，请勿使用此镜像。";
    MismatchDetail => "{0}: yours {1}, Glance's {2}", "{0}：本地 {1}，Glance {2}";
    NotVerifiedAlgorithm => "Not verified: algorithm {0}. Glance hashes with {0}, which the portal does not compute.", "未验证：算法 {0}。Glance 使用 {0} 计算校验和，而门户不计算该算法。";
    NotVerifiedMd5Only => "MD5 matches, but MD5 alone cannot rule out a deliberate change.", "MD5 匹配，但仅凭 MD5 无法排除被蓄意篡改的可能。";
    NotVerifiedNoDigests => "Not verified: Glance has recorded no checksum for this data.", "未验证：Glance 没有记录此数据的校验和。";
    NotVerifiedMalformedMd5 => "Not verified: the Content-MD5 header {0} is neither hex nor base64.", "未验证：Content-MD5 头 {0} 既不是十六进制也不是 base64。";
    Integrity => "Integrity", "完整性";
    ConvertedFormat => "Converted by the cloud from {0} to {1}.", "已由云从 {0} 转换为 {1}。";
    ConvertedRewritten => "Rewritten by the cloud on import (stored as {0}).", "导入时数据已被云改写（存储为 {0}）。";
    ConvertedByMethod => "Imported with {0}, whose data this cloud's import plugins can convert or decompress (stored as {1}).", "通过 {0} 导入，此云的导入插件可能转换或解压了数据（存储为 {1}）。";
    ConvertedExplain => "Glance's checksums describe the data it stored, so they cannot match the file as sent. This is not a mismatch.", "Glance 的校验和描述的是它存储的数据，因此无法与发送时的文件匹配。这不是不匹配。";
    ConvertedSizes => "Sent {0}, stored {1}.", "发送 {0}，存储 {1}。";
    ConvertedSent => "As sent:", "发送时：";
    ConvertedUnknown => "unknown", "未知";
    ImportTaskFailed => "The {0} import failed (store {1}). Glance says: {2}", "{0} 导入失败（存储 {1}）。Glance 的说明：{2}";
    ImportEndedNoReason => "The {0} import ended with the image {1} (failed stores: {2}); Glance lists no task saying why.", "{0} 导入结束时镜像状态为 {1}（失败的存储：{2}）；Glance 没有列出说明原因的任务。";
    ImportHistory => "Import history", "导入记录";
    ImportHistoryHint => "Glance's import tasks for this image, newest first. Glance lists them for a limited time (48 hours by default); they are the only place it says why an import failed.", "Glance 为此镜像记录的导入任务，最新的在前。Glance 只在有限时间内（默认 48 小时）列出它们；这是 Glance 说明导入失败原因的唯一位置。";
    ImportHistoryEmpty => "No import tasks: the data was uploaded directly, or the tasks have expired.", "没有导入任务：数据是直接上传的，或任务已过期。";
    TaskMethod => "Method", "方式";
    TaskStatus => "Status", "状态";
    TaskMessage => "Message", "消息";
    TaskResult => "Result", "结果";
    TaskStores => "Stores", "存储";
    TaskStarted => "Started", "开始时间";
    TaskUpdated => "Updated", "更新时间";
    TaskExpires => "Listed until", "保留至";
    TaskStatusPending => "Pending", "等待中";
    TaskStatusProcessing => "Processing", "处理中";
    TaskStatusSuccess => "Succeeded", "成功";
    TaskStatusFailure => "Failed", "失败";
    MismatchUpload => "MISMATCH: the image Glance stored differs from your file. Do not use it.", "不匹配：Glance 存储的镜像与您的文件不同，请勿使用。";
    SentNotVerified => "The data was sent, but the image could not be read back to verify it.", "数据已发送，但无法读回镜像进行验证。";
    VerifyAgain => "Verify again", "重新验证";
    RetryNotQueued => "Cannot send the data again: the image is {0}, not queued, and Glance takes an image's data only once. Delete it or create a new image.", "无法再次发送数据：镜像状态为 {0} 而非排队中，Glance 只接收一次镜像数据。请删除它或创建新镜像。";
    TransferImageDeleted => "The image was deleted.", "镜像已删除。";
    DigestsNotRecorded => "The digests could not be recorded on the image, so other viewers cannot re-check it:", "无法将校验和记录到镜像上，其他用户将无法复核：";
    DeactivatedAfterMismatch => "Deactivated: nobody can boot or download this image until it is reactivated.", "已停用：在重新激活之前，任何人都无法启动或下载此镜像。";
    CancelledUpload => "Cancelled; the image stays queued.", "已取消；镜像保持排队状态。";
    Sent => "Sent", "已发送";
    Hashed => "Hashed", "已计算";
    NewImage => "Create image", "创建镜像";
    NewImageTitle => "Create images from files", "从文件创建镜像";
    ChooseFiles => "Choose or drop disk image files (each becomes its own image)", "选择或拖放磁盘镜像文件（每个文件创建一个镜像）";
    Detected => "Detected: {0}", "检测到：{0}";
    VirtualSize => "virtual size {0}", "虚拟大小 {0}";
    CreateAndUpload => "Create and upload", "创建并上传";
    RemoveFile => "Remove file", "移除文件";
    FormatWarning => "Format check", "格式检查";
    ImportFromUrl => "Import from a URL (web-download)", "从 URL 导入（web-download）";
    ImportFromUrlHint => "Glance fetches the data itself; nothing passes through your browser.", "由 Glance 直接获取数据，不经过您的浏览器。";
    ImportStart => "Import", "导入";
    Importing => "Importing…", "正在导入…";
    Imported => "Imported:", "已导入：";
    ImportFailed => "The import failed for store(s):", "以下存储导入失败：";
    DownloadVerify => "Download and verify", "下载并验证";
    Downloading => "Downloading… {0}", "正在下载… {0}";
    VerifiedDownload => "Verified: the downloaded file is exactly what Glance stored ({0}).", "已验证：下载的文件与 Glance 存储的数据完全一致（{0}）。";
    MismatchDownload => "MISMATCH: the downloaded bytes differ from what Glance recorded. Do not use the file.", "不匹配：下载的数据与 Glance 记录的不同，请勿使用该文件。";
    SavedStreamed => "Streamed to the file you chose.", "已直接写入您选择的文件。";
    SavedInMemory => "This browser cannot stream to disk, so the file was assembled in memory (limit 2 GiB) and saved as a download.", "此浏览器无法直接写入磁盘，文件已在内存中组装（上限 2 GiB）并作为下载保存。";
    TokenExpiredUpload => "The token expired during the upload. Log in again, then Retry: the image is still queued and the file is still selected.", "上传期间令牌已过期。请重新登录后点击重试：镜像仍在排队，文件仍保持选中。";
    TokenShortUpload => "Your token expires in {0} min, and these uploads may take longer. Get a fresh token before starting.", "您的令牌将在 {0} 分钟后过期，而这些上传可能耗时更久。请在开始前获取新令牌。";
    RenewToken => "Get a fresh token", "获取新令牌";
    RenewTokenHint => "Log in again for a fresh token. Transfers already running continue with the current one.", "请重新登录以获取新令牌。正在进行的传输将继续使用当前令牌。";
    CustomProperties => "Custom properties", "自定义属性";
    MoreProperties => "More properties from the cloud's schema", "云镜像模式中的其他属性";
    TagsCommaHint => "Comma separated; quote a tag that contains a comma.", "以逗号分隔；包含逗号的标签请加引号。";
    SniffFailed => "Could not read the file to check its format: {0}", "无法读取文件以检查其格式：{0}";
    Sniffing => "Reading the file's header…", "正在读取文件头…";
    StoreLabel => "Store", "存储";
    StoreDefault => "The cloud's default store", "云的默认存储";
    CopyToStores => "Copy to more stores (copy-image)", "复制到更多存储（copy-image）";
    CopyToStoresHint => "Glance copies the data it already holds; nothing passes through your browser.", "由 Glance 复制已存储的数据，不经过您的浏览器。";
    CopyStart => "Copy", "复制";
    CopyNothingLeft => "The image is already in every store.", "镜像已存在于所有存储中。";
    ImageStores => "In stores: {0}", "所在存储：{0}";
    CopyingTo => "Copying to: {0}", "正在复制到：{0}";
    CopyDone => "Copied. The image is now in: {0}", "已复制。镜像现位于：{0}";
    UploadWith => "Send the data with", "数据发送方式";
    UploadDirect => "Direct upload (PUT …/file)", "直接上传（PUT …/file）";
    UploadGlanceDirect => "Stage, then import (glance-direct)", "先暂存再导入（glance-direct）";
}

/// The catalog key for a known image status.
pub(super) fn status_key(status: &str) -> Option<Key> {
    Some(match status {
        "queued" => Key::StatusQueued,
        "saving" => Key::StatusSaving,
        "active" => Key::StatusActive,
        "killed" => Key::StatusKilled,
        "deleted" => Key::StatusDeleted,
        "pending_delete" => Key::StatusPendingDelete,
        "deactivated" => Key::StatusDeactivated,
        "uploading" => Key::StatusUploading,
        "importing" => Key::StatusImporting,
        _ => return None,
    })
}

/// The catalog key for a `member_status` filter value.
pub(super) fn member_status_key(status: &str) -> Option<Key> {
    Some(match status {
        "pending" => Key::MemberPending,
        "accepted" => Key::MemberAccepted,
        "rejected" => Key::MemberRejected,
        "all" => Key::VisibilityAll,
        _ => return None,
    })
}

/// The catalog key for a known visibility.
pub(super) fn visibility_key(visibility: &str) -> Option<Key> {
    Some(match visibility {
        "public" => Key::VisPublic,
        "private" => Key::VisPrivate,
        "shared" => Key::VisShared,
        "community" => Key::VisCommunity,
        "all" => Key::VisibilityAll,
        _ => return None,
    })
}
