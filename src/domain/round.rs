//! A round's life: draft → open (published, between its times) → assessment → decided → closed.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The kind of answer a round's extra question takes. The stored type lives with the
/// table; its words live here.
pub use entity::round_question::Kind as QuestionKind;

/// Every kind of extra question, in the order the form offers them.
pub const QUESTION_KINDS: &[QuestionKind] = &[
    QuestionKind::ShortText,
    QuestionKind::LongText,
    QuestionKind::YesNo,
    QuestionKind::Number,
    QuestionKind::SingleChoice,
];

/// What a question kind is called where it is stored, typed and shown.
pub trait QuestionKindRules: Copy {
    /// Reads a kind chosen in a form; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The stored value, which the form posts.
    fn as_str(self) -> &'static str;
    /// The kind in words.
    fn label(self) -> &'static str;
}

impl QuestionKindRules for QuestionKind {
    fn parse(value: &str) -> Option<Self> {
        QUESTION_KINDS.iter().copied().find(|k| k.as_str() == value)
    }

    fn as_str(self) -> &'static str {
        match self {
            QuestionKind::ShortText => "short_text",
            QuestionKind::LongText => "long_text",
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Number => "number",
            QuestionKind::SingleChoice => "single_choice",
        }
    }

    fn label(self) -> &'static str {
        match self {
            QuestionKind::ShortText => "Short text",
            QuestionKind::LongText => "Long text, with a word limit",
            QuestionKind::YesNo => "Yes or no",
            QuestionKind::Number => "Number",
            QuestionKind::SingleChoice => "Choose one from a list",
        }
    }
}

/// What an officer has moved the round to. The stored type lives with the table; its rules
/// live here.
pub use entity::funding_round::Status as RoundStatus;

/// What a round's status is called where it is stored and typed.
pub trait RoundStatusRules: Copy {
    /// Reads a status typed into a form or an address; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The stored value.
    fn as_str(self) -> &'static str;
}

impl RoundStatusRules for RoundStatus {
    fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "draft" => Self::Draft,
            "published" => Self::Published,
            "assessment" => Self::Assessment,
            "decided" => Self::Decided,
            "closed" => Self::Closed,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Assessment => "assessment",
            Self::Decided => "decided",
            Self::Closed => "closed",
        }
    }
}

/// Where a round is, as people see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Draft,
    Upcoming,
    Open,
    /// Published, past its closing time, not yet moved to assessment.
    ClosedForApplications,
    Assessment,
    Decided,
    Closed,
}

impl Phase {
    /// Works out the phase from the stored status and the clock.
    pub fn of(
        status: RoundStatus,
        opens_at: DateTime<Utc>,
        closes_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Self {
        match status {
            RoundStatus::Draft => Phase::Draft,
            RoundStatus::Published if now < opens_at => Phase::Upcoming,
            RoundStatus::Published if now < closes_at => Phase::Open,
            RoundStatus::Published => Phase::ClosedForApplications,
            RoundStatus::Assessment => Phase::Assessment,
            RoundStatus::Decided => Phase::Decided,
            RoundStatus::Closed => Phase::Closed,
        }
    }

    /// The phase in words.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Draft => "Draft",
            Phase::Upcoming => "Upcoming",
            Phase::Open => "Open",
            Phase::ClosedForApplications => "Closed for applications",
            Phase::Assessment => "In assessment",
            Phase::Decided => "Decided",
            Phase::Closed => "Closed",
        }
    }

    /// True while applications are accepted.
    pub fn is_open(self) -> bool {
        self == Phase::Open
    }

    /// True for rounds the public may see.
    pub fn is_public(self) -> bool {
        self != Phase::Draft
    }
}

/// A move an officer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Publish,
    Unpublish,
    StartAssessment,
    Decide,
    Close,
}

impl Transition {
    /// Parses the form's action.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "publish" => Self::Publish,
            "unpublish" => Self::Unpublish,
            "assess" => Self::StartAssessment,
            "decide" => Self::Decide,
            "close" => Self::Close,
            _ => return None,
        })
    }

    /// The status the move leads to, or why it cannot be made now. Rules that need the
    /// database (criteria exist, no applications yet) are checked by the service.
    pub fn apply(self, phase: Phase) -> Result<RoundStatus, &'static str> {
        match (self, phase) {
            (Transition::Publish, Phase::Draft) => Ok(RoundStatus::Published),
            (
                Transition::Unpublish,
                Phase::Upcoming | Phase::Open | Phase::ClosedForApplications,
            ) => Ok(RoundStatus::Draft),
            (Transition::StartAssessment, Phase::ClosedForApplications) => {
                Ok(RoundStatus::Assessment)
            }
            (Transition::StartAssessment, Phase::Upcoming | Phase::Open) => {
                Err("The round is still taking applications: assessment starts after it closes")
            }
            (Transition::Decide, Phase::Assessment) => Ok(RoundStatus::Decided),
            (Transition::Close, Phase::Decided) => Ok(RoundStatus::Closed),
            _ => Err("The round cannot make that move from where it is now"),
        }
    }
}

/// Which list of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Quiz,
    Question,
    Criterion,
}

impl ItemKind {
    /// From the path segment: `quiz`, `questions` or `criteria`.
    pub fn from_path(segment: &str) -> Option<Self> {
        Some(match segment {
            "quiz" => Self::Quiz,
            "questions" => Self::Question,
            "criteria" => Self::Criterion,
            _ => return None,
        })
    }

    /// The path segment.
    pub fn path(self) -> &'static str {
        match self {
            Self::Quiz => "quiz",
            Self::Question => "questions",
            Self::Criterion => "criteria",
        }
    }

    /// The name used in the audit log.
    pub fn entity(self) -> &'static str {
        match self {
            Self::Quiz => "eligibility_question",
            Self::Question => "round_question",
            Self::Criterion => "criterion",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn every_question_kind_round_trips_and_the_form_lists_each_once() {
        for kind in QUESTION_KINDS {
            assert_eq!(QuestionKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(QUESTION_KINDS.iter().filter(|k| *k == kind).count(), 1);
        }
        assert_eq!(QuestionKind::parse("Yes or no"), None);
    }

    fn times() -> (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>) {
        let now = Utc::now();
        (now, now + Duration::days(1), now + Duration::days(10))
    }

    #[test]
    fn a_published_round_is_upcoming_then_open_then_closed_by_the_clock() {
        let (now, opens, closes) = times();
        assert_eq!(
            Phase::of(RoundStatus::Published, opens, closes, now),
            Phase::Upcoming
        );
        assert_eq!(
            Phase::of(RoundStatus::Published, opens, closes, opens),
            Phase::Open
        );
        assert_eq!(
            Phase::of(RoundStatus::Published, opens, closes, closes),
            Phase::ClosedForApplications
        );
        assert_eq!(
            Phase::of(RoundStatus::Draft, opens, closes, opens),
            Phase::Draft
        );
    }

    #[test]
    fn officers_move_rounds_forward_one_step_at_a_time() {
        assert_eq!(
            Transition::Publish.apply(Phase::Draft),
            Ok(RoundStatus::Published)
        );
        assert!(Transition::Publish.apply(Phase::Open).is_err());
        assert!(Transition::StartAssessment.apply(Phase::Open).is_err());
        assert_eq!(
            Transition::StartAssessment.apply(Phase::ClosedForApplications),
            Ok(RoundStatus::Assessment)
        );
        assert_eq!(
            Transition::Decide.apply(Phase::Assessment),
            Ok(RoundStatus::Decided)
        );
        assert_eq!(
            Transition::Close.apply(Phase::Decided),
            Ok(RoundStatus::Closed)
        );
        assert!(Transition::Close.apply(Phase::Assessment).is_err());
        assert!(Transition::Unpublish.apply(Phase::Assessment).is_err());
    }
}

/// One quiz question as the eligibility check needs it.
#[derive(Debug, Clone)]
pub struct QuizRule {
    pub id: i32,
    pub qualifying_answer: bool,
    pub failure_message: String,
}

/// The outcome of the "check if you can apply" quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eligibility {
    /// Some questions were not answered: their ids.
    Unanswered(Vec<i32>),
    /// Every answer qualifies.
    Eligible,
    /// The messages of the questions whose answers do not qualify, in quiz order.
    NotEligible(Vec<String>),
}

/// Checks answers (question id → yes/no) against the quiz.
pub fn check_eligibility(
    rules: &[QuizRule],
    answers: &std::collections::HashMap<i32, bool>,
) -> Eligibility {
    let unanswered: Vec<i32> = rules
        .iter()
        .filter(|r| !answers.contains_key(&r.id))
        .map(|r| r.id)
        .collect();
    if !unanswered.is_empty() {
        return Eligibility::Unanswered(unanswered);
    }
    let failures: Vec<String> = rules
        .iter()
        .filter(|r| answers.get(&r.id) != Some(&r.qualifying_answer))
        .map(|r| r.failure_message.clone())
        .collect();
    if failures.is_empty() {
        Eligibility::Eligible
    } else {
        Eligibility::NotEligible(failures)
    }
}

#[cfg(test)]
mod eligibility_tests {
    use super::*;
    use std::collections::HashMap;

    fn rules() -> Vec<QuizRule> {
        vec![
            QuizRule {
                id: 1,
                qualifying_answer: true,
                failure_message: "Only groups in the borough".into(),
            },
            QuizRule {
                id: 2,
                qualifying_answer: false,
                failure_message: "Not for profit-making bodies".into(),
            },
        ]
    }

    #[test]
    fn qualifying_answers_make_someone_eligible() {
        let answers = HashMap::from([(1, true), (2, false)]);
        assert_eq!(check_eligibility(&rules(), &answers), Eligibility::Eligible);
    }

    #[test]
    fn each_failing_answer_gives_its_reason_and_missing_answers_are_named() {
        let answers = HashMap::from([(1, false), (2, true)]);
        assert_eq!(
            check_eligibility(&rules(), &answers),
            Eligibility::NotEligible(vec![
                "Only groups in the borough".into(),
                "Not for profit-making bodies".into()
            ])
        );
        assert_eq!(
            check_eligibility(&rules(), &HashMap::from([(2, false)])),
            Eligibility::Unanswered(vec![1])
        );
        assert_eq!(
            check_eligibility(&[], &HashMap::new()),
            Eligibility::Eligible
        );
    }
}
