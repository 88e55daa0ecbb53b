export type { SurveyView } from './answer-survey.ts';
export { answerSurvey, readSurvey } from './answer-survey.ts';
export { hashSurveyToken, queueSurvey, surveyPath } from './queue-survey.ts';
