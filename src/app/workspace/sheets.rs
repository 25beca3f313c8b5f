//! Merging a rater's sheet into the current review, one step to undo.

use std::path::{Path, PathBuf};

use super::*;
use crate::model::sheet::{Merge, Side, plan_merge};
use crate::store::{self, Home};

impl Workspace {
    /// Where the sheet typed as `typed` is: `~/` is the home folder; a
    /// relative path is looked for beside the assessment, then from here.
    fn sheet_path(&self, typed: &str) -> PathBuf {
        let typed = typed.trim();
        let path = match typed.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME")
                .map(|h| Path::new(&h).join(rest))
                .unwrap_or_else(|| PathBuf::from(typed)),
            None => PathBuf::from(typed),
        };
        if path.is_absolute() {
            return path;
        }
        let beside = self.doc.path.parent().map(|d| d.join(&path));
        match beside {
            Some(b) if b.is_file() => b,
            _ => std::path::absolute(&path).unwrap_or(path),
        }
    }

    /// What merging the sheet at `typed` would do (`None`: nothing), with
    /// its path as shown; or why it cannot be merged.
    pub fn plan_sheet_merge(
        &self,
        typed: &str,
        _home: &Home,
    ) -> Result<Option<(Merge, String)>, String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        if self.doc.assessment.sheet.is_some() {
            return Err("This is a rater's sheet: merge it from the assessment it is for.".into());
        }
        if typed.trim().is_empty() {
            return Err("Type the path of the sheet.".into());
        }
        let path = self.sheet_path(typed);
        let mut sheet = store::load_assessment(&path).map_err(|e| e.to_string())?;
        if sheet.framework.id != self.doc.framework.id {
            return Err(format!(
                "{}: the sheet is for the framework \"{}\", this assessment for \"{}\".",
                path.display(),
                sheet.framework.id,
                self.doc.framework.id
            ));
        }
        if sheet.sheet.is_some() && (!sheet.earlier.is_empty() || sheet.reviews.len() != 1) {
            return Err(format!(
                "{}: a rater's sheet holds one review.",
                path.display()
            ));
        }
        store::check_levels(&path, &sheet, &self.doc.framework).map_err(|e| e.to_string())?;
        crate::model::migrate(&mut sheet, &self.doc.framework);
        let merge = plan_merge(&self.doc.assessment, &self.doc.framework, &sheet, false)
            .map_err(|why| format!("{}: {why}", path.display()))?;
        Ok((!merge.is_empty()).then(|| (merge, path.display().to_string())))
    }

    /// Merge, settling conflicts for `side`: one undo step. The values not
    /// taken go to a conflict copy beside the file, whose path is returned.
    pub fn merge_sheet(
        &mut self,
        merge: &Merge,
        side: Side,
        home: &Home,
    ) -> Result<Option<PathBuf>, String> {
        let mut kept = None;
        if merge.conflicts() > 0 {
            let mut alternative = self.doc.assessment.clone();
            merge
                .apply(alternative.current_mut(), side.other())
                .map_err(|e| e.to_string())?;
            kept = Some(
                self.doc
                    .write_conflict_copy_of(home, &alternative, None)
                    .map_err(|e| {
                        format!("Nothing merged: the values not taken could not be kept ({e}).")
                    })?,
            );
        }
        let what = format!("merging {}'s sheet", merge.rater.display());
        self.edit_raters(what, |review| merge.apply(review, side))?;
        Ok(kept)
    }
}
