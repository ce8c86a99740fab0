"""Biometric, workout and nutrition views."""

from __future__ import annotations

from typing import Any

from flask import Response

from lifeos.domains.health import schemas as s
from lifeos.domains.health.services import biometrics as bio_svc
from lifeos.domains.health.services import nutrition as nutrition_svc
from lifeos.domains.health.services import workouts as workouts_svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse, parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS_BIO, TAGS_WORKOUTS, TAGS_NUTRITION = (
    ("health: biometrics",),
    ("health: workouts",),
    ("health: nutrition",),
)

# ------------------------------------------------------------------------------ biometrics


@api_doc(
    summary="Record the day's biometrics (create or replace)",
    tags=TAGS_BIO,
    body=s.BiometricIn,
    response=s.BiometricOut,
    status=201,
    also=(200,),
    errors=(401, 403, 422),
    description=(
        "One record per date: 201 when the day had none, 200 when it is replaced as a whole "
        "(fields left out become null). `date` is YYYY-MM-DD, a real calendar date."
    ),
)
@require_auth()
def put_biometric(date: str) -> Any:
    """Upsert the record for `date`; 422 for a bad date, an out-of-range field or an empty body."""
    on = parse(s.DatePath, {"date": date}).date
    body = parse_body(s.BiometricIn)
    with unit_of_work() as uow:
        record, created = bio_svc.put_biometric(
            uow, current_user_id(), on, bio_svc.BiometricInput(**body.model_dump())
        )
        return record, 201 if created else 200


@api_doc(
    summary="List biometric records",
    tags=TAGS_BIO,
    query=s.RangeQuery,
    response=s.BiometricListOut,
    errors=(401, 422),
)
@require_auth()
def list_biometrics() -> Any:
    """Newest first; filter `from`/`to` (inclusive dates). Cursor-paginated."""
    query = parse_query(s.RangeQuery)
    return bio_svc.list_biometrics(
        current_session(),
        current_user_id(),
        date_from=query.from_,
        date_to=query.to,
        limit=query.limit,
        cursor=query.cursor,
    )


# ------------------------------------------------------------------------------ workouts


@api_doc(
    summary="Log a workout",
    tags=TAGS_WORKOUTS,
    body=s.WorkoutIn,
    response=s.WorkoutOut,
    status=201,
    errors=(401, 403, 422),
)
@require_auth()
def create_workout() -> Any:
    """Log a workout; `date` defaults to today in the user's time zone."""
    body = parse_body(s.WorkoutIn)
    data = workouts_svc.WorkoutInput(
        type=body.type,
        duration_minutes=body.duration_minutes,
        date=body.date or user_today(),
        intensity=body.intensity,
        calories=body.calories,
        notes=body.notes,
    )
    with unit_of_work() as uow:
        return workouts_svc.create_workout(uow, current_user_id(), data), 201


@api_doc(
    summary="List workouts",
    tags=TAGS_WORKOUTS,
    query=s.RangeQuery,
    response=s.WorkoutListOut,
    errors=(401, 422),
)
@require_auth()
def list_workouts() -> Any:
    """Newest first; filter `from`/`to` (inclusive dates). Cursor-paginated."""
    query = parse_query(s.RangeQuery)
    return workouts_svc.list_workouts(
        current_session(),
        current_user_id(),
        date_from=query.from_,
        date_to=query.to,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Change a workout",
    tags=TAGS_WORKOUTS,
    body=s.WorkoutPatch,
    response=s.WorkoutOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_workout(workout_id: int) -> Any:
    """Change the fields sent; the rules of creation apply."""
    body = parse_body(s.WorkoutPatch)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    with unit_of_work() as uow:
        return workouts_svc.update_workout(uow, current_user_id(), workout_id, changes)


@api_doc(summary="Delete a workout", tags=TAGS_WORKOUTS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_workout(workout_id: int) -> Any:
    """Delete the workout; 204."""
    with unit_of_work() as uow:
        workouts_svc.delete_workout(uow, current_user_id(), workout_id)
    return Response(status=204)


# ------------------------------------------------------------------------------ nutrition


@api_doc(
    summary="Log a meal",
    tags=TAGS_NUTRITION,
    body=s.NutritionIn,
    response=s.NutritionOut,
    status=201,
    errors=(401, 403, 422),
)
@require_auth()
def create_nutrition() -> Any:
    """Log a meal; `date` defaults to today in the user's time zone."""
    body = parse_body(s.NutritionIn)
    data = nutrition_svc.NutritionInput(
        meal_type=body.meal_type,
        date=body.date or user_today(),
        items=body.items,
        calories=body.calories,
        protein=body.protein,
        carbs=body.carbs,
        fat=body.fat,
        quality=body.quality,
    )
    with unit_of_work() as uow:
        return nutrition_svc.create_nutrition(uow, current_user_id(), data), 201


@api_doc(
    summary="List meal logs",
    tags=TAGS_NUTRITION,
    query=s.RangeQuery,
    response=s.NutritionListOut,
    errors=(401, 422),
)
@require_auth()
def list_nutrition() -> Any:
    """Newest first; filter `from`/`to` (inclusive dates). Cursor-paginated."""
    query = parse_query(s.RangeQuery)
    return nutrition_svc.list_nutrition(
        current_session(),
        current_user_id(),
        date_from=query.from_,
        date_to=query.to,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Change a meal log",
    tags=TAGS_NUTRITION,
    body=s.NutritionPatch,
    response=s.NutritionOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_nutrition(nutrition_id: int) -> Any:
    """Change the fields sent; the rules of creation apply."""
    body = parse_body(s.NutritionPatch)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    with unit_of_work() as uow:
        return nutrition_svc.update_nutrition(uow, current_user_id(), nutrition_id, changes)


@api_doc(summary="Delete a meal log", tags=TAGS_NUTRITION, status=204, errors=(401, 403, 404))
@require_auth()
def delete_nutrition(nutrition_id: int) -> Any:
    """Delete the meal log; 204."""
    with unit_of_work() as uow:
        nutrition_svc.delete_nutrition(uow, current_user_id(), nutrition_id)
    return Response(status=204)
