//! The projects the user can scope to (`GET /v3/auth/projects`), fetched once per token and
//! shared by the header's project switcher and the list's owner names, which each fetched it
//! for themselves before.

use leptos::prelude::*;

use crate::api::keystone::list_auth_projects;
use crate::model::project::ProjectList;
use crate::problem::Problem;
use crate::state::portal_scope::use_or_provide;
use crate::state::session::use_session;

/// The project list: `None` while loading.
#[derive(Clone, Copy)]
pub struct MyProjects(pub LocalResource<Result<ProjectList, Problem>>);

fn provide_my_projects() -> MyProjects {
    let projects = MyProjects(use_session().token_resource(list_auth_projects));
    provide_context(projects);
    projects
}

/// The project list, fetched by the first view that asks for it.
pub fn use_my_projects() -> MyProjects {
    use_or_provide(provide_my_projects)
}
