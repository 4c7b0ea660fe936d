drop view "public"."v";

drop view "public"."v2";

alter type "public"."e" rename to "e__old_version_to_be_dropped";

create type "public"."e" as enum ('a', 'b', 'c', 'd');

create table "public"."created_with_e" (
    "id" integer,
    "category" public.e
);

alter table "public"."t" alter column "category" set data type public.e using "category"::text::public.e;

create view "public"."v" as SELECT t.id,
    t.category
   FROM public.t;

create view "public"."v2" as SELECT t.id,
    t.category,
    'b'::public.e AS e
   FROM public.t;

drop type "public"."e__old_version_to_be_dropped";
