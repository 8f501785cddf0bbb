import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema } from "../../server/schemas.ts";
import { candidateAccess, candidateOf, EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { applicationParams } from "../candidates/schemas.ts";
import {
  askQuestion,
  describeExerciseForCandidate,
  openStep,
  saveStepDraft,
  submitStep,
} from "./candidate-steps.ts";
import { defineExercise, EXERCISE_MANAGERS, readExerciseDefinition } from "./definitions.ts";
import { answerQuestion, fileStepReview, reviewExercise } from "./reviewing.ts";
import { startExercise } from "./runs.ts";
import {
  answerBody,
  answerReleaseSchema,
  candidateExerciseSchema,
  candidateQuestionViewSchema,
  candidateStepSchema,
  draftSavedSchema,
  exerciseDefinitionBody,
  exerciseDefinitionSchema,
  exerciseReviewSchema,
  exerciseRunSchema,
  questionBody,
  questionParams,
  reviewBody,
  reviewerExerciseSchema,
  stageParams,
  startExerciseBody,
  stepContentBody,
  stepParams,
  submissionSchema,
} from "./schemas.ts";

export function registerExerciseRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const { clock } = deps;

  app.get(
    "/api/v1/plan-stages/:stageId/exercise",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["exercises"],
        summary: "The multi-day exercise of an async_exercise stage: steps, schedule, late policy and rubric",
        params: stageParams,
        response: { 200: exerciseDefinitionSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => readExerciseDefinition(db, memberOf(request).organizationId, request.params.stageId),
  );

  app.put(
    "/api/v1/plan-stages/:stageId/exercise",
    {
      config: { access: staffAccess(EXERCISE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["exercises"],
        summary: "Define the stage's exercise. Runs already started keep the steps they started with.",
        params: stageParams,
        body: exerciseDefinitionBody,
        response: { 200: exerciseDefinitionSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => defineExercise({ db, clock }, memberOf(request), request.params.stageId, request.body),
  );

  app.post(
    "/api/v1/applications/:applicationId/exercise",
    {
      config: { access: staffAccess(EXERCISE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["exercises"],
        summary:
          "Start the candidate's exercise at a time, in their time zone. Refused (422) when a step would be due in the candidate's night.",
        params: applicationParams,
        body: startExerciseBody,
        response: { 201: exerciseRunSchema, ...authErrorResponses, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const run = await startExercise(
        { db, clock },
        memberOf(request),
        request.params.applicationId,
        request.body,
      );
      return reply.code(201).send(run);
    },
  );

  app.get(
    "/api/v1/applications/:applicationId/exercise",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["exercises"],
        summary:
          "The candidate's exercise for reviewers: every submitted version, the questions, the reviews one may see, and the activity timeline (context, never scored). Blind review honoured.",
        params: applicationParams,
        response: { 200: reviewerExerciseSchema, ...authErrorResponses },
      },
    },
    async (request) => reviewExercise({ db, clock }, memberOf(request), request.params.applicationId),
  );

  app.post(
    "/api/v1/applications/:applicationId/exercise/steps/:stepId/reviews",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["exercises"],
        summary:
          "Rate a step against the kit's anchored rubric: one rating with evidence per attribute. Final once filed; the note guard's flags are stored with it.",
        params: stepParams,
        body: reviewBody,
        response: { 201: exerciseReviewSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const review = await fileStepReview(
        { db, clock },
        memberOf(request),
        request.params.applicationId,
        request.params.stepId,
        request.body,
      );
      return reply.code(201).send(review);
    },
  );

  app.post(
    "/api/v1/exercise-questions/:questionId/answer",
    {
      config: { access: staffAccess(EXERCISE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["exercises"],
        summary:
          "Answer a candidate's clarifying question. The candidate sees the answer after the step's delay in working hours.",
        params: questionParams,
        body: answerBody,
        response: { 200: answerReleaseSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) =>
      answerQuestion({ db, clock }, memberOf(request), request.params.questionId, request.body.answer),
  );
}

/** The candidate's side of exercises, under the portal's paths: candidate cookie, candidate CSRF. */
export function registerPortalExerciseRoutes(portal: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const { clock } = deps;
  const candidateErrors = { 401: problemSchema, 404: problemSchema, 409: problemSchema };

  portal.get(
    "/api/v1/portal/applications/:applicationId/exercise",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary:
          "The application's exercise: each step with its release time and deadline in the candidate's zone",
        params: applicationParams,
        response: { 200: candidateExerciseSchema, ...candidateErrors },
      },
    },
    async (request) =>
      describeExerciseForCandidate({ db, clock }, candidateOf(request), request.params.applicationId),
  );

  portal.get(
    "/api/v1/portal/applications/:applicationId/exercise/steps/:stepId",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary:
          "Open a released step (409 before its release time): brief, diff, draft, versions, questions",
        params: stepParams,
        response: { 200: candidateStepSchema, 400: problemSchema, ...candidateErrors },
      },
    },
    async (request) =>
      openStep({ db, clock }, candidateOf(request), request.params.applicationId, request.params.stepId),
  );

  portal.put(
    "/api/v1/portal/applications/:applicationId/exercise/steps/:stepId/draft",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary: "Autosave the step's working copy",
        params: stepParams,
        body: stepContentBody,
        response: { 200: draftSavedSchema, 400: problemSchema, 403: problemSchema, ...candidateErrors },
      },
    },
    async (request) =>
      saveStepDraft(
        { db, clock },
        candidateOf(request),
        request.params.applicationId,
        request.params.stepId,
        request.body.content,
      ),
  );

  portal.post(
    "/api/v1/portal/applications/:applicationId/exercise/steps/:stepId/submissions",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary:
          "Submit a version of the step (every version is kept). After the deadline: refused, or kept and marked late, per the stage's setting.",
        params: stepParams,
        body: stepContentBody,
        response: { 201: submissionSchema, 400: problemSchema, 403: problemSchema, ...candidateErrors },
      },
    },
    async (request, reply) => {
      const submission = await submitStep(
        { db, clock },
        candidateOf(request),
        request.params.applicationId,
        request.params.stepId,
        request.body.content,
      );
      return reply.code(201).send(submission);
    },
  );

  portal.post(
    "/api/v1/portal/applications/:applicationId/exercise/steps/:stepId/questions",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary: "Ask the hiring team a clarifying question; the answer arrives after the step's delay",
        params: stepParams,
        body: questionBody,
        response: {
          201: candidateQuestionViewSchema,
          400: problemSchema,
          403: problemSchema,
          ...candidateErrors,
        },
      },
    },
    async (request, reply) => {
      const question = await askQuestion(
        { db, clock },
        candidateOf(request),
        request.params.applicationId,
        request.params.stepId,
        request.body.question,
      );
      return reply.code(201).send(question);
    },
  );
}
