drop view "public"."any_other_view";
