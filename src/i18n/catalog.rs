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
    RequestId => "Request ID", "请求 ID";
    HttpStatus => "HTTP status", "HTTP 状态";
    Retry => "Retry", "重试";
    Refresh => "Refresh", "刷新";
    Dismiss => "Dismiss", "关闭";
    ConfigError => "The portal's configuration (config.json) could not be used", "无法使用门户配置文件（config.json）";
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
    EmptyNoSearchMatch => "No image on this page contains “{0}”.", "本页没有包含“{0}”的镜像。";
    ClearFilters => "Clear filters", "清除筛选";
    SearchPage => "Search this page", "在本页中搜索";
    SearchPageHint => "Searches only the {0} images loaded on this page, by name, ID or tag. Use the filters to search the whole cloud.", "仅在本页已加载的 {0} 个镜像中按名称、ID 或标签搜索。如需搜索全部镜像，请使用筛选条件。";
    Filters => "Filters", "筛选";
    FilterName => "Name", "名称";
    NameExact => "is exactly", "等于";
    NameAnyOf => "is any of (comma-separated)", "为以下任一（逗号分隔）";
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
